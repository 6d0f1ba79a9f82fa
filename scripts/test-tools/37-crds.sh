#!/usr/bin/env bash
# The CustomResourceDefinitions the rendered GitOps tree needs, for server-side dry-run and the cluster rehearsal,
# copied byte-for-byte from pinned upstream module contents fetched through the Go module proxy
# (`go mod download -json <module>@<version>`, then the module's own CRD directory) into
# .tools/share/crds/<component>@<version>/. Where the proxy refuses the version the lab pins (403), the nearest
# served version is used and named here:
# - CozyStack: the lab pins v1.6.2 (refused); v1.6.1's Package/PackageSource CRDs are used (byte-identical to
#   v1.6.2's internal/crdinstall/manifests). apps.cozystack.io (Tenant, Kubernetes) is an aggregated API with no CRD.
# - Crossplane: the rendered HelmRelease pins chart 2.3.1 (module v2.3.1 refused); v2.3.0's cluster/crds are used.
# - provider-kubernetes: only its ProviderConfig CRD (what the tree uses); its v1.2.1 Object CRD is refused by
#   kube-apiserver v1.34 as invalid.
# - Flux: source-controller/kustomize-controller v1.9.6 (the controllers 36-flux.sh builds), helm-controller v1.6.3
#   and flux-operator v0.58.1 (flux2 v2.9.4's set).
# Idempotent: a set already copied is kept; sets no longer listed are removed. Loud on failure.
set -euo pipefail
tools="${MOONLAB_TOOLS:?}"
go="$(command -v go || true)"
[ -n "$go" ] || { [ -x /usr/local/go/bin/go ] && go=/usr/local/go/bin/go; }
[ -n "$go" ] || { echo "37-crds.sh: the go command is needed" >&2; exit 1; }
export GOFLAGS=-mod=mod GOTOOLCHAIN=local

# name  module@version  directory in the module  file glob
sets=(
  "flux-source github.com/fluxcd/source-controller@v1.9.6 config/crd/bases source.toolkit.fluxcd.io_*.yaml"
  "flux-kustomize github.com/fluxcd/kustomize-controller@v1.9.6 config/crd/bases kustomize.toolkit.fluxcd.io_*.yaml"
  "flux-helm github.com/fluxcd/helm-controller@v1.6.3 config/crd/bases helm.toolkit.fluxcd.io_*.yaml"
  "flux-operator github.com/controlplaneio-fluxcd/flux-operator@v0.58.1 config/crd/bases fluxcd.controlplane.io_*.yaml"
  "cozystack github.com/cozystack/cozystack@v1.6.1 internal/crdinstall/manifests cozystack.io_*.yaml"
  "spin-operator github.com/spinkube/spin-operator@v0.6.1 config/crd/bases core.spinkube.dev_*.yaml"
  "metallb go.universe.tf/metallb@v0.16.1 config/crd/bases metallb.io_*.yaml"
  "crossplane github.com/crossplane/crossplane/v2@v2.3.0 cluster/crds *.yaml"
  "provider-kubernetes github.com/crossplane-contrib/provider-kubernetes@v1.2.1 package/crds kubernetes.crossplane.io_providerconfigs.yaml"
)
root="$tools/share/crds"
mkdir -p "$root"
keep=()
for s in "${sets[@]}"; do
  read -r name modver sub glob <<<"$s"
  dest="$root/$name@${modver##*@}"
  keep+=("$(basename "$dest")")
  [ -f "$dest/.complete" ] && continue
  json="$(cd /tmp && "$go" mod download -json "$modver")" || { echo "37-crds.sh: go mod download $modver failed" >&2; exit 1; }
  dir="$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p' <<<"$json")"
  [ -d "$dir/$sub" ] || { echo "37-crds.sh: $modver has no $sub" >&2; exit 1; }
  rm -rf "$dest" && mkdir -p "$dest"
  shopt -s nullglob
  files=("$dir/$sub"/$glob)
  shopt -u nullglob
  [ "${#files[@]}" -gt 0 ] || { echo "37-crds.sh: no $glob in $modver/$sub" >&2; exit 1; }
  for f in "${files[@]}"; do install -m 0644 "$f" "$dest/"; done
  echo "$modver $sub" >"$dest/.source"
  touch "$dest/.complete"
  echo "  CRDs: ${#files[@]} from $modver" >&2
done
for d in "$root"/*; do
  [ -d "$d" ] || continue
  b="$(basename "$d")"
  grep -qxF "$b" <<<"$(printf '%s\n' "${keep[@]}")" || rm -rf "$d"
done
