#!/usr/bin/env bash
# kustomize for the gitops integration tests (`kustomize build` of every Flux Kustomization path), pinned, built by
# the go command from the Go module proxy into .tools/go/bin. Idempotent: skipped when the pinned version is there.
set -euo pipefail
tools="${MOONLAB_TOOLS:?}"
version="v5.7.1"
bin="$tools/go/bin/kustomize"
if [ -x "$bin" ] && grep -q "$version" <<<"$("$bin" version 2>/dev/null)"; then
  exit 0
fi
command -v go >/dev/null || { echo "33-kustomize.sh: the go command is needed (Go >= 1.22)" >&2; exit 1; }
mkdir -p "$tools/go/bin"
# -ldflags sets the version kustomize reports (go install leaves it "(devel)"), so the check above can see the pin.
GOBIN="$tools/go/bin" GOFLAGS=-buildvcs=false go install \
  -ldflags "-X sigs.k8s.io/kustomize/api/provenance.version=kustomize/$version" \
  "sigs.k8s.io/kustomize/kustomize/v5@$version"
"$bin" version >&2
