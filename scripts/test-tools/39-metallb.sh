#!/usr/bin/env bash
# MetalLB's controller for `moonlab rehearse cluster` (it allocates a LoadBalancer address from the tree's
# IPAddressPool against the local control plane of 35-kubernetes.sh), built pinned from the Go module proxy into
# .tools/go/bin. The version is the metallb CRD set of 37-crds.sh and COMPONENTS.metallb in src/versions/matrix.ts
# (test/scripts/metallb-version.test.ts keeps the three equal). Its go.mod has no replace directives, so
# `go install` by name and version works (no wrapper module as in 36-flux.sh). The speaker is not built: it announces
# addresses on a real L2 segment, which the rehearsal does not have.
# Idempotent: skipped when the binary's build info (`go version -m`) names the pinned module version; ~5 min cold on
# 2 cores (measured: docs/local-kubernetes.md). Loud on failure.
set -euo pipefail
tools="${MOONLAB_TOOLS:?}"
metallb_version="v0.16.1"
bin="$tools/go/bin"
mkdir -p "$bin"

go="$(command -v go || true)"
[ -n "$go" ] || { [ -x /usr/local/go/bin/go ] && go=/usr/local/go/bin/go; }
[ -n "$go" ] || { echo "39-metallb.sh: the go command is needed (Go >= 1.24)" >&2; exit 1; }
export GOFLAGS=-mod=mod GOTOOLCHAIN=local CGO_ENABLED=0

# `go version -m` prints "mod  go.universe.tf/metallb  v0.16.1  h1:..." for a binary built from that module.
installed() {
  [ -x "$bin/metallb-controller" ] &&
    "$go" version -m "$bin/metallb-controller" 2>/dev/null |
    grep -Eq "^[[:space:]]+mod[[:space:]]+go\.universe\.tf/metallb[[:space:]]+$metallb_version([[:space:]]|\$)"
}
if installed; then
  echo "  metallb-controller $metallb_version in $bin" >&2
  exit 0
fi

echo "  building MetalLB's controller $metallb_version (~5 min cold on 2 cores)" >&2
# `go install` names the binary after the package (controller); a scratch GOBIN keeps that generic name out of
# .tools/go/bin, where it lands as metallb-controller.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && GOBIN="$work" "$go" install -trimpath -ldflags "-s -w" "go.universe.tf/metallb/controller@$metallb_version" >&2)
install -m 0755 "$work/controller" "$bin/metallb-controller"
installed || { echo "39-metallb.sh: built metallb-controller does not carry go.universe.tf/metallb $metallb_version" >&2; exit 1; }
echo "  metallb-controller $metallb_version in $bin" >&2
