#!/usr/bin/env bash
# apt's package lists, once per machine per day (other scripts install Debian packages by name).
set -euo pipefail
stamp=/var/lib/apt/periodic/moonlab-update-stamp
if [ ! -f "$stamp" ] || [ -n "$(find "$stamp" -mmin +1440 2>/dev/null)" ]; then
  apt-get update -qq >&2
  mkdir -p "$(dirname "$stamp")" && touch "$stamp"
fi
