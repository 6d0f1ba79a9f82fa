#!/usr/bin/env bash
# tools/talos-validate: Talos's own config loader and validator (github.com/siderolabs/talos/pkg/machinery, pinned in
# tools/talos-validate/go.mod to the version matrix's Talos v1.13.6), built from the Go module proxy into .tools/go/bin.
# Rebuilt only when its sources change (the stamp is a hash of main.go, go.mod and go.sum); Go's module and build
# caches make a rebuild after a source change take seconds. The first build takes about 2 minutes on 2 cores.
set -euo pipefail
tools="${MOONLAB_TOOLS:?}"
root="${MOONLAB_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
src="$root/tools/talos-validate"
bin="$tools/go/bin/talos-validate"
hash="$(cat "$src/main.go" "$src/go.mod" "$src/go.sum" | sha256sum | cut -c1-16)"
stamp="$tools/go/bin/.talos-validate-$hash"
if [ -x "$bin" ] && [ -f "$stamp" ]; then exit 0; fi
go="$(command -v go || true)"
[ -n "$go" ] || { [ -x /usr/local/go/bin/go ] && go=/usr/local/go/bin/go; }
# talos machinery v1.13 needs a recent Go (go.mod says which); GOTOOLCHAIN=auto fetches it from the module proxy
# when the installed one is older. Debian 12's golang-go (1.19) is too old to build this on its own.
[ -n "$go" ] || { echo "talos-validate needs Go (https://go.dev/dl/); none found" >&2; exit 1; }
mkdir -p "$tools/go/bin"
(
  cd "$src"
  export GOFLAGS=-mod=readonly CGO_ENABLED=0 GOTOOLCHAIN=auto
  "$go" build -trimpath -o "$bin" .
)
rm -f "$tools/go/bin"/.talos-validate-*
touch "$stamp"
echo "  talos-validate built against talos/pkg/machinery $(grep -o "pkg/machinery v[0-9.]*" "$src/go.mod" | head -1 | cut -d" " -f2)" >&2
