#!/usr/bin/env bash
# Installs the npm dependencies from package-lock.json when node_modules is missing or older than the lock file.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
stamp="$root/node_modules/.moonlab-installed"
if [ ! -f "$stamp" ] || [ "$root/package-lock.json" -nt "$stamp" ]; then
  echo "moonlab: installing npm dependencies (first run)" >&2
  ( cd "$root" && npm ci --no-audit --no-fund --loglevel=error >&2 )
  touch "$stamp"
fi
