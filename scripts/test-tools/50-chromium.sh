#!/usr/bin/env bash
# Debian's Chromium for the report/talk browser tests (test/integration/report-browser.test.ts): playwright-core
# drives /usr/bin/chromium; no browser is downloaded. Seen when this was written: 156.0.8078.114-1~deb12u1 (Debian
# security keeps only the current build; the version is printed so a drift is visible in the CI log).
set -euo pipefail
pkgs=(chromium fonts-liberation fonts-dejavu-core)
missing=()
for p in "${pkgs[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p"); done
if [ "${#missing[@]}" -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
if ! /usr/bin/chromium --headless=new --no-sandbox --disable-gpu --dump-dom about:blank >/dev/null 2>&1; then
  echo "chromium is installed but does not start headless: /usr/bin/chromium --headless=new --no-sandbox about:blank" >&2
  exit 1
fi
for p in "${pkgs[@]}"; do dpkg-query -W -f='  ${Package} ${Version}\n' "$p" 2>/dev/null; done >&2
