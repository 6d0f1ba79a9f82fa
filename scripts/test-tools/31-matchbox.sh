#!/usr/bin/env bash
# The bastion bundle's test tools:
# - matchbox v0.11.0 (poseidon/matchbox) built from the Go module proxy, so the integration tests serve the rendered
#   bastion/matchbox data dir with the real server. `go install mod@v` does not work for this module: the proxy
#   refuses its version list (HTTP 403), which `go install` reads for deprecation notices; a throwaway module that
#   requires the pinned version and `go build`s the command does not need the list.
# - the Compose Specification's JSON schema from the compose-go module v2.6.0 (the library docker compose uses), to
#   validate the rendered compose.yaml (no Docker engine here to run `docker compose config`).
# - nftables (Debian, 1.0.6 in bookworm), to load the rendered firewall.nft into a test namespace.
set -euo pipefail
tools="${MOONLAB_TOOLS:?}"
version="v0.11.0"
compose_go="v2.6.0"

if ! command -v nft >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends nftables >&2
fi

go="$(command -v go || true)"
[ -n "$go" ] || { [ -x /usr/local/go/bin/go ] && go=/usr/local/go/bin/go; }
if [ -z "$go" ]; then
  # Debian 12's golang (1.19) is enough for matchbox v0.11.0 (its go.mod says go 1.19).
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends golang-go >&2
  go=/usr/bin/go
fi

compose_schema="$tools/share/compose-spec-$compose_go.json"
if [ ! -s "$compose_schema" ]; then
  dir="$(GOFLAGS=-mod=mod "$go" mod download -json "github.com/compose-spec/compose-go/v2@$compose_go" |
    sed -n 's/.*"Dir": "\(.*\)",/\1/p')"
  mkdir -p "$tools/share"
  install -m 0644 "$dir/schema/compose-spec.json" "$compose_schema"
fi

bin="$tools/go/bin/matchbox"
stamp="$tools/go/bin/.matchbox-$version"
if [ -x "$bin" ] && [ -f "$stamp" ]; then exit 0; fi
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
grep -qx "$version" <<<"$("$bin" -version)"
touch "$stamp"
echo "  matchbox $("$bin" -version)" >&2
