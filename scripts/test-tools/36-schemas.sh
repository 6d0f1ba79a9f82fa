#!/usr/bin/env bash
# Upstream schemas and CRDs the tests validate rendered objects against, fetched as pinned Go module contents from
# the Go module proxy (`go mod download`, checked against the Go checksum database) and copied unmodified into
# $MOONLAB_TOOLS/share/schemas/<source>/. Nothing is read from outside the repository at test time.
# Versions follow the version matrix (src/versions/matrix.ts) and flux2 v2.9.4's controller versions.
# CozyStack publishes no Go module the proxy serves (its module is refused), so its app values schemas and CRDs
# are kept, unmodified and with their provenance, in test/fixtures/upstream/cozystack/ instead.
set -Eeuo pipefail
trap 'echo "36-schemas.sh: failed (exit $?) at line $LINENO: $BASH_COMMAND" >&2' ERR
tools="${MOONLAB_TOOLS:?run through scripts/install-test-tools.sh}"
out="$tools/share/schemas"
# destination (under $out) | module@version | path inside the module
files=(
  "talos/v1.11/config.schema.json|github.com/siderolabs/talos/pkg/machinery@v1.11.6|config/schemas/config.schema.json"
  "talos/v1.13/config.schema.json|github.com/siderolabs/talos/pkg/machinery@v1.13.9|config/schemas/config.schema.json"
  "flux/gitrepositories.yaml|github.com/fluxcd/source-controller@v1.9.4|config/crd/bases/source.toolkit.fluxcd.io_gitrepositories.yaml"
  "flux/ocirepositories.yaml|github.com/fluxcd/source-controller@v1.9.4|config/crd/bases/source.toolkit.fluxcd.io_ocirepositories.yaml"
  "flux/helmrepositories.yaml|github.com/fluxcd/source-controller@v1.9.4|config/crd/bases/source.toolkit.fluxcd.io_helmrepositories.yaml"
  "flux/kustomizations.yaml|github.com/fluxcd/kustomize-controller@v1.9.4|config/crd/bases/kustomize.toolkit.fluxcd.io_kustomizations.yaml"
  "flux/helmreleases.yaml|github.com/fluxcd/helm-controller@v1.6.3|config/crd/bases/helm.toolkit.fluxcd.io_helmreleases.yaml"
  "flux-operator/fluxcd.controlplane.io_fluxinstances.yaml|github.com/controlplaneio-fluxcd/flux-operator@v0.58.1|config/crd/bases/fluxcd.controlplane.io_fluxinstances.yaml"
  "spinkube/core.spinkube.dev_spinapps.yaml|github.com/spinkube/spin-operator@v0.6.1|config/crd/bases/core.spinkube.dev_spinapps.yaml"
  "spinkube/core.spinkube.dev_spinappexecutors.yaml|github.com/spinkube/spin-operator@v0.6.1|config/crd/bases/core.spinkube.dev_spinappexecutors.yaml"
  "metallb/metallb.io_ipaddresspools.yaml|go.universe.tf/metallb@v0.16.1|config/crd/bases/metallb.io_ipaddresspools.yaml"
  "metallb/metallb.io_l2advertisements.yaml|go.universe.tf/metallb@v0.16.1|config/crd/bases/metallb.io_l2advertisements.yaml"
  "crossplane/kubernetes.crossplane.io_providerconfigs.yaml|github.com/crossplane-contrib/provider-kubernetes@v1.2.1|package/crds/kubernetes.crossplane.io_providerconfigs.yaml"
)
stamp="$out/.stamp-$(printf '%s\n' "${files[@]}" | sha256sum | cut -c1-16)"
if [ -f "$stamp" ]; then exit 0; fi
go="$(command -v go || true)"
[ -n "$go" ] || { [ -x /usr/local/go/bin/go ] && go=/usr/local/go/bin/go; }
[ -n "$go" ] || { echo "36-schemas.sh needs Go (https://go.dev/dl/) to download module contents; none found" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
declare -A dirs=()
for f in "${files[@]}"; do
  IFS='|' read -r dest mod path <<<"$f"
  if [ -z "${dirs[$mod]:-}" ]; then
    # -json prints the module's extracted, read-only directory in the module cache ("Dir").
    json="$(cd "$work" && GOTOOLCHAIN=local GOFLAGS=-mod=mod "$go" mod download -json "$mod")" ||
      { echo "36-schemas.sh: go mod download $mod failed: $json" >&2; exit 1; }
    dir="$(sed -n 's/^\t"Dir": "\(.*\)",$/\1/p' <<<"$json")"
    [ -d "$dir" ] || { echo "36-schemas.sh: no module directory for $mod in: $json" >&2; exit 1; }
    dirs[$mod]="$dir"
  fi
  src="${dirs[$mod]}/$path"
  [ -f "$src" ] || { echo "36-schemas.sh: $mod has no $path" >&2; exit 1; }
  mkdir -p "$(dirname "$out/$dest")"
  install -m 0644 "$src" "$out/$dest"
done
rm -f "$out"/.stamp-*
touch "$stamp"
echo "  schemas: ${#files[@]} files from ${#dirs[@]} Go modules into $out" >&2
