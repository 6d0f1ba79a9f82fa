#!/usr/bin/env bash
# tools/talos-conformance: Talos's own config generator (pkg/machinery/config/generate + configpatcher, pinned in
# tools/talos-conformance/go.mod to the version matrix's Talos v1.13.6), built from the Go module proxy into
# .tools/go/bin. The conformance test diffs what it generates against moonlab's machine configs.
# Rebuilt only when its sources change (the stamp is a hash of main.go, go.mod and go.sum). With a warm module
# cache (talos-validate shares almost every module) a build takes about 15 s; cold, about 2 minutes on 2 cores.
set -euo pipefail
tools="${MOONLAB_TOOLS:?}"
root="${MOONLAB_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
src="$root/tools/talos-conformance"
bin="$tools/go/bin/talos-conformance"
hash="$(cat "$src/main.go" "$src/go.mod" "$src/go.sum" | sha256sum | cut -c1-16)"
stamp="$tools/go/bin/.talos-conformance-$hash"
if [ -x "$bin" ] && [ -f "$stamp" ]; then exit 0; fi
go="$(command -v go || true)"
[ -n "$go" ] || { [ -x /usr/local/go/bin/go ] && go=/usr/local/go/bin/go; }
[ -n "$go" ] || { echo "talos-conformance needs Go (https://go.dev/dl/); none found" >&2; exit 1; }
mkdir -p "$tools/go/bin"
(
  cd "$src"
  export GOFLAGS=-mod=readonly CGO_ENABLED=0 GOTOOLCHAIN=auto
  "$go" build -trimpath -o "$bin" .
)
rm -f "$tools/go/bin"/.talos-conformance-*
touch "$stamp"
echo "  talos-conformance built against talos/pkg/machinery $(grep -o "pkg/machinery v[0-9.]*" "$src/go.mod" | head -1 | cut -d" " -f2)" >&2
