#!/usr/bin/env bash
# A local Kubernetes control plane for the live half of the acceptance suite and `moonlab rehearse cluster`, built
# pinned from the Go module proxy into .tools/go/bin (recipes verified on a 2-core machine: docs/local-kubernetes.md):
# - etcd v3.6.16: the root package of go.etcd.io/etcd/server/v3 is etcd's main.
# - kube-apiserver, kube-controller-manager, kube-scheduler, kubectl v1.34.2 from k8s.io/kubernetes. Its go.mod
#   replaces its staging modules with ./staging/src/k8s.io/X, which the module zip does not contain, so the scratch
#   module replaces each with the published k8s.io/X v0.34.2 (the list is read from that go.mod, not hard-coded).
#   `go get` needs the explicit @v1.34.2: unpinned, Go moves to a release whose new staging module the proxy refuses.
# - kwok v0.8.0 (fake nodes whose pods become Running) and the stage files shipped in its module.
# Every build happens in a scratch module in a temp dir (the repository is not touched). Idempotent: a stamp file per
# pinned version; a warm Go build cache rebuilds everything in ~90 s. Loud on failure (set -e, the build's stderr).
set -euo pipefail
tools="${MOONLAB_TOOLS:?}"
etcd_version="v3.6.16"
kube_version="v1.34.2"
kwok_version="v0.8.0"
bin="$tools/go/bin"
share="$tools/share"
mkdir -p "$bin" "$share"

go="$(command -v go || true)"
[ -n "$go" ] || { [ -x /usr/local/go/bin/go ] && go=/usr/local/go/bin/go; }
[ -n "$go" ] || { echo "35-kubernetes.sh: the go command is needed (Go >= 1.24; built with 1.26 here)" >&2; exit 1; }
export GOFLAGS=-mod=mod GOTOOLCHAIN=local CGO_ENABLED=0

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

module_dir() { "$go" mod download -json "$1" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p'; }
module_gomod() { "$go" mod download -json "$1" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p'; }

# --- etcd ---------------------------------------------------------------------------------------------------------
if ! { [ -x "$bin/etcd" ] && [ -f "$bin/.etcd-$etcd_version" ]; }; then
  echo "  building etcd $etcd_version (~40 CPU-s cold)" >&2
  mkdir -p "$work/etcd"
  (
    cd "$work/etcd"
    "$go" mod init moonlab.local/etcd-build >/dev/null 2>&1
    "$go" get -tool "go.etcd.io/etcd/server/v3@$etcd_version" >&2
    "$go" build -trimpath -ldflags "-s -w" -o "$bin/etcd" go.etcd.io/etcd/server/v3
  )
  grep -q "etcd Version: ${etcd_version#v}" <<<"$("$bin/etcd" --version)" ||
    { echo "35-kubernetes.sh: built etcd does not report $etcd_version" >&2; exit 1; }
  touch "$bin/.etcd-$etcd_version"
fi

# --- Kubernetes ---------------------------------------------------------------------------------------------------
kube_cmds=(kube-apiserver kube-controller-manager kube-scheduler kubectl)
kube_ok=1
for c in "${kube_cmds[@]}"; do
  { [ -x "$bin/$c" ] && [ -f "$bin/.$c-$kube_version" ]; } || kube_ok=0
done
if [ "$kube_ok" = 0 ]; then
  echo "  building ${kube_cmds[*]} $kube_version (~10 CPU-min cold, ~1.8 GB peak RSS)" >&2
  mkdir -p "$work/kube"
  (
    cd "$work/kube"
    "$go" mod init moonlab.local/kube-build >/dev/null 2>&1
    upstream_gomod="$(module_gomod "k8s.io/kubernetes@$kube_version")"
    [ -s "$upstream_gomod" ] || { echo "35-kubernetes.sh: no go.mod for k8s.io/kubernetes@$kube_version" >&2; exit 1; }
    staging="v0.${kube_version#v1.}"
    # `k8s.io/X => ./staging/src/k8s.io/X` becomes `k8s.io/X => k8s.io/X v0.34.2`.
    sed -n 's#^[[:space:]]*\(k8s\.io/[^[:space:]]*\) => \./staging/src/.*#\1#p' "$upstream_gomod" | sort -u >staging.txt
    [ -s staging.txt ] || { echo "35-kubernetes.sh: found no staging replaces in $upstream_gomod" >&2; exit 1; }
    while read -r m; do "$go" mod edit -replace "$m=$m@$staging"; done <staging.txt
    "$go" mod edit -require "k8s.io/kubernetes@$kube_version"
    pkgs=()
    for c in "${kube_cmds[@]}"; do pkgs+=("k8s.io/kubernetes/cmd/$c@$kube_version"); done
    "$go" get -tool "${pkgs[@]}" >&2
    minor="${kube_version#v1.}"; minor="${minor%%.*}"
    ldflags="-s -w -X k8s.io/component-base/version.gitVersion=$kube_version"
    ldflags+=" -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor"
    ldflags+=" -X k8s.io/client-go/pkg/version.gitVersion=$kube_version"
    ldflags+=" -X k8s.io/client-go/pkg/version.gitMajor=1 -X k8s.io/client-go/pkg/version.gitMinor=$minor"
    for c in "${kube_cmds[@]}"; do
      echo "  go build $c" >&2
      "$go" build -trimpath -ldflags "$ldflags" -o "$bin/$c" "k8s.io/kubernetes/cmd/$c"
    done
  )
  grep -q "$kube_version" <<<"$("$bin/kubectl" version --client)" ||
    { echo "35-kubernetes.sh: built kubectl does not report $kube_version" >&2; exit 1; }
  grep -q "$kube_version" <<<"$("$bin/kube-apiserver" --version)" ||
    { echo "35-kubernetes.sh: built kube-apiserver does not report $kube_version" >&2; exit 1; }
  for c in "${kube_cmds[@]}"; do touch "$bin/.$c-$kube_version"; done
fi

# --- kwok + its stage files ---------------------------------------------------------------------------------------
stages="$share/kwok-stages-$kwok_version.yaml"
if ! { [ -x "$bin/kwok" ] && [ -f "$bin/.kwok-$kwok_version" ] && [ -s "$stages" ]; }; then
  echo "  building kwok $kwok_version (~100 CPU-s cold)" >&2
  GOBIN="$bin" "$go" install -trimpath -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@$kwok_version" >&2
  dir="$(module_dir "sigs.k8s.io/kwok@$kwok_version")"
  # kwok exits "no stages found" without them: node becomes Ready and keeps a heartbeat, pods run, complete, delete.
  tmp="$work/stages.yaml"
  : >"$tmp"
  for s in node/fast/node-initialize node/heartbeat/node-heartbeat pod/fast/pod-ready pod/fast/pod-complete \
    pod/fast/pod-delete; do
    f="$dir/kustomize/stage/$s.yaml"
    [ -s "$f" ] || { echo "35-kubernetes.sh: kwok stage file missing from the module: $f" >&2; exit 1; }
    { echo "---"; cat "$f"; } >>"$tmp"
  done
  install -m 0644 "$tmp" "$stages"
  touch "$bin/.kwok-$kwok_version"
fi
echo "  etcd $etcd_version, kube-* $kube_version, kwok $kwok_version in $bin" >&2
