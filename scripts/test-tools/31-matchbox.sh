#!/usr/bin/env bash
# matchbox v0.11.0 (poseidon/matchbox) built from the Go module proxy, so the integration tests serve the rendered
# bastion/matchbox data dir with the real server. `go install mod@v` does not work for this module: the proxy refuses
# its version list (HTTP 403), which `go install` reads for deprecation notices; a throwaway module that requires the
# pinned version and `go build`s the command does not need the list.
set -euo pipefail
tools="${MOONLAB_TOOLS:?}"
# The bastion bundle's other Debian-only tool: nftables (1.0.6 in bookworm), to load the rendered firewall.nft
# into a test namespace and prove what it drops.
if ! command -v nft >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends nftables >&2
fi
version="v0.11.0"
bin="$tools/go/bin/matchbox"
stamp="$tools/go/bin/.matchbox-$version"
if [ -x "$bin" ] && [ -f "$stamp" ]; then exit 0; fi
go="$(command -v go || true)"
[ -n "$go" ] || { [ -x /usr/local/go/bin/go ] && go=/usr/local/go/bin/go; }
if [ -z "$go" ]; then
  # Debian 12's golang (1.19) is enough for matchbox v0.11.0 (its go.mod says go 1.19).
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends golang-go >&2
  go=/usr/bin/go
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$tools/go/bin"
(
  cd "$work"
  export GOFLAGS=-mod=mod GOTOOLCHAIN=local CGO_ENABLED=0
  "$go" mod init moonlab.local/matchbox-build >/dev/null 2>&1
  "$go" get "github.com/poseidon/matchbox/cmd/matchbox@$version" >&2
  "$go" build -trimpath -o "$bin" \
    -ldflags "-w -X github.com/poseidon/matchbox/matchbox/version.Version=$version" \
    github.com/poseidon/matchbox/cmd/matchbox
)
"$bin" -version | grep -qx "$version"
touch "$stamp"
echo "  matchbox $("$bin" -version)" >&2
