#!/usr/bin/env bash
# A CozyStack release's charts for the image-inventory tests (src/lib/chart-images.ts over real packages/*/values.yaml),
# fetched with the go command from the Go module proxy (the repository root is the Go module
# github.com/cozystack/cozystack), pinned by version and by the sha256 of the module zip, checked here. The proxy
# serves v1.6.1 but refuses v1.6.2 (403, checked 2026-12-01), so the lab's pinned v1.6.2 table is committed with its
# provenance (src/versions/cozystack-images.ts) and this older release proves the extractor on the real layout.
# Installs .tools/cozystack/<version>/packages and .tools/bin/cozystack-release-<version>, which prints that folder.
set -euo pipefail
tools="${MOONLAB_TOOLS:?}"
version="v1.6.1"
sha256="58a385887e46197f60e77f483fde13210d1d43c0bd31be064db524aa1cdec19d"
module="github.com/cozystack/cozystack"
dest="$tools/cozystack/$version"
marker="$tools/bin/cozystack-release-$version"
if [ -x "$marker" ] && [ -d "$dest/packages" ]; then exit 0; fi
command -v go >/dev/null || { [ -x /usr/local/go/bin/go ] && PATH="/usr/local/go/bin:$PATH"; }
command -v go >/dev/null || { echo "35-cozystack-release.sh: the go command is needed" >&2; exit 1; }
command -v unzip >/dev/null || { echo "35-cozystack-release.sh: unzip is needed (apt-get install unzip)" >&2; exit 1; }
modcache="$tools/cozystack/modcache"
mkdir -p "$modcache" "$tools/bin"
json="$(cd "$tools/cozystack" && GOMODCACHE="$modcache" GOFLAGS=-mod=mod go mod download -json "$module@$version")"
zip="$(printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"Zip": "\(.*\)",$/\1/p')"
[ -f "$zip" ] || { echo "35-cozystack-release.sh: go mod download gave no zip: $json" >&2; exit 1; }
echo "$sha256  $zip" | sha256sum -c --quiet - || { echo "35-cozystack-release.sh: $zip is not the pinned $sha256" >&2; exit 1; }
tmp="$(mktemp -d "$tools/cozystack/.unpack.XXXXXX")"
unzip -q "$zip" "$module@$version/packages/*" -d "$tmp"
rm -rf "$dest"
mkdir -p "$dest"
mv "$tmp/$module@$version/packages" "$dest/packages"
rm -rf "$tmp"
# The module cache is read-only by design; the unpacked copy is what the tests read.
chmod -R u+w "$modcache" && rm -rf "$modcache"
printf '#!/bin/sh\n# prints the unpacked CozyStack %s release (scripts/test-tools/35-cozystack-release.sh)\necho "%s"\n' "$version" "$dest" >"$marker"
chmod +x "$marker"
echo "  CozyStack $version charts in $dest (module zip sha256 $sha256)" >&2
