#!/usr/bin/env bash
# Installs the npm dependencies from package-lock.json: `npm ci` on a fresh clone (no node_modules), an incremental
# `npm install` when the lock file changed since (never deletes a node_modules that other processes may be using).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
stamp="$root/node_modules/.moonlab-installed"
if [ ! -d "$root/node_modules" ]; then
  echo "moonlab: installing npm dependencies (first run)" >&2
  ( cd "$root" && npm ci --no-audit --no-fund --loglevel=error >&2 )
  touch "$stamp"
elif [ ! -f "$stamp" ] || [ "$root/package-lock.json" -nt "$stamp" ]; then
  echo "moonlab: package-lock.json changed; updating npm dependencies" >&2
  ( cd "$root" && npm install --no-audit --no-fund --loglevel=error >&2 )
  touch "$stamp"
fi
