#!/usr/bin/env bash
# The one place where the external programs the tests need are installed, pinned. Each family adds a numbered
# script in scripts/test-tools/ (apt, pip into .tools/venv, go install into .tools/go/bin); this runs them in order.
# Idempotent: a tool already at its pinned version is not installed again.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export MOONLAB_ROOT="$root"
export MOONLAB_TOOLS="$root/.tools"
mkdir -p "$MOONLAB_TOOLS/bin"
"$root/scripts/ensure-node.sh" >/dev/null
for s in "$root"/scripts/test-tools/*.sh; do
  [ -e "$s" ] || continue
  echo "== test tools: $(basename "$s")" >&2
  bash "$s"
done
