#!/usr/bin/env bash
# Flux's source-controller and kustomize-controller v1.9.6 for `moonlab rehearse cluster` (the real controllers
# reconcile the rendered GitRepository/Kustomizations against the local control plane of 35-kubernetes.sh), built from
# the Go module proxy into .tools/go/bin. v1.10.x needs Go >= 1.27, so 1.9.6 is the newest buildable here.
# `go install` refuses these modules (they carry replace directives), so a wrapper module (in a temp dir) copies
# upstream's non-local replaces and builds the module root (the controller's main). source-controller v1.9.6 wants
# github.com/fluxcd/pkg/artifact v0.18.3, which the proxy refuses (403); v0.18.0 is served and is used instead.
# Idempotent (a stamp per pinned version); loud on failure.
set -euo pipefail
tools="${MOONLAB_TOOLS:?}"
flux_version="v1.9.6"
bin="$tools/go/bin"
mkdir -p "$bin"

go="$(command -v go || true)"
[ -n "$go" ] || { [ -x /usr/local/go/bin/go ] && go=/usr/local/go/bin/go; }
[ -n "$go" ] || { echo "36-flux.sh: the go command is needed (Go >= 1.26)" >&2; exit 1; }
export GOFLAGS=-mod=mod GOTOOLCHAIN=local CGO_ENABLED=0

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

for ctrl in source-controller kustomize-controller; do
  if [ -x "$bin/$ctrl" ] && [ -f "$bin/.$ctrl-$flux_version" ]; then continue; fi
  echo "  building $ctrl $flux_version (~200 CPU-s cold)" >&2
  mkdir -p "$work/$ctrl"
  (
    cd "$work/$ctrl"
    cat >go.mod <<GOMOD
module moonlab.local/$ctrl-build

go 1.26.0

replace (
	github.com/opencontainers/go-digest => github.com/opencontainers/go-digest v1.0.1-0.20220411205349-bde1400a84be
	sigs.k8s.io/kustomize/api => sigs.k8s.io/kustomize/api v0.21.1
	sigs.k8s.io/kustomize/kyaml => sigs.k8s.io/kustomize/kyaml v0.21.1
	gopkg.in/yaml.v3 => gopkg.in/yaml.v3 v3.0.1
)
GOMOD
    if [ "$ctrl" = source-controller ]; then
      "$go" mod edit -replace "github.com/fluxcd/pkg/artifact=github.com/fluxcd/pkg/artifact@v0.18.0"
    fi
    "$go" get -tool "github.com/fluxcd/$ctrl@$flux_version" >&2
    "$go" build -trimpath -ldflags "-s -w" -o "$bin/$ctrl" "github.com/fluxcd/$ctrl"
  )
  "$bin/$ctrl" --help >/dev/null 2>&1 || { echo "36-flux.sh: built $ctrl does not run" >&2; exit 1; }
  touch "$bin/.$ctrl-$flux_version"
done
echo "  source-controller, kustomize-controller $flux_version in $bin" >&2
