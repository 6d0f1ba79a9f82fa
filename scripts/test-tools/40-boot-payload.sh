#!/usr/bin/env bash
# The rehearsal's stand-in for Talos (no Talos image is reachable offline): Debian 12's cloud kernel, downloaded
# with apt (never built or committed) and unpacked into $MOONLAB_TOOLS/boot-payload/<arch>/ as `vmlinuz` plus the
# virtio network modules the payload's /init loads. The busybox initramfs around it is built by moonlab at run
# time (src/rehearse/payload.ts), never committed as a binary.
# Pinned by Debian release (bookworm) and kernel flavour; apt only keeps the current patch, so the exact package
# seen is written to $out/<arch>/PACKAGE and printed to the CI log (seen when written: linux-image-6.1.0-56-cloud-amd64
# 6.1.192-2).
set -euo pipefail
tools="${MOONLAB_TOOLS:?run through scripts/install-test-tools.sh}"
out="$tools/boot-payload"
# Modules the payload needs for virtio networking, in load order (FACTS.md "Proving the boot chain").
modules=(failover net_failover virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci virtio_net)

fetch_arch() {
  local arch="$1"
  local meta="linux-image-cloud-$arch"
  local aptopts=()
  if [ "$arch" != "$(dpkg --print-architecture)" ]; then aptopts=(-o "APT::Architectures=$(dpkg --print-architecture),$arch"); fi
  # The metapackage names the current ABI package, e.g. linux-image-6.1.0-56-cloud-amd64.
  local pkg
  pkg="$(apt-cache "${aptopts[@]}" depends "$meta:$arch" 2>/dev/null | awk '/Depends: linux-image-/{print $2; exit}')"
  if [ -z "$pkg" ] && [ "${#aptopts[@]}" -gt 0 ]; then
    # The foreign architecture's package lists are fetched only when first needed.
    apt-get "${aptopts[@]}" update -qq >&2
    pkg="$(apt-cache "${aptopts[@]}" depends "$meta:$arch" 2>/dev/null | awk '/Depends: linux-image-/{print $2; exit}')"
  fi
  pkg="${pkg%%:*}"
  [ -n "$pkg" ] || { echo "no $meta in the apt lists (run apt-get update)" >&2; return 1; }
  local version
  version="$(apt-cache "${aptopts[@]}" policy "$pkg:$arch" | awk '/Candidate:/{print $2}')"
  local dest="$out/$arch"
  if [ -f "$dest/PACKAGE" ] && [ "$(cat "$dest/PACKAGE")" = "$pkg $version" ] && [ -f "$dest/vmlinuz" ] &&
    { [ "${#aptopts[@]}" -eq 0 ] || [ -f "$dest/busybox" ]; }; then
    echo "  boot payload $arch: $pkg $version (present)" >&2
    return 0
  fi
  local work
  work="$(mktemp -d)"
  chmod 0777 "$work" # apt-get download runs as _apt and writes here
  trap 'rm -rf "$work"' RETURN
  (cd "$work" && apt-get "${aptopts[@]}" download -qq "$pkg:$arch" >&2)
  dpkg-deb -x "$work"/*.deb "$work/root"
  rm -rf "$dest"
  mkdir -p "$dest/modules"
  cp "$work"/root/boot/vmlinuz-* "$dest/vmlinuz"
  local kver
  kver="$(basename "$(ls -d "$work"/root/lib/modules/*)")"
  for m in "${modules[@]}"; do
    local f
    f="$(find "$work/root/lib/modules/$kver" -name "$m.ko" -o -name "$m.ko.xz" | head -n1)"
    # Some of these are built into the kernel in some releases; the payload skips what is absent.
    if [ -n "$f" ]; then cp "$f" "$dest/modules/"; fi
  done
  printf '%s\n' "${modules[@]}" >"$dest/modules/ORDER"
  if [ "${#aptopts[@]}" -gt 0 ]; then
    # The payload's userland for a foreign architecture: Debian's static busybox of that architecture.
    (cd "$work" && apt-get "${aptopts[@]}" download -qq "busybox-static:$arch" >&2)
    dpkg-deb -x "$work"/busybox-static_*.deb "$work/bb"
    cp "$work/bb/bin/busybox" "$dest/busybox"
  fi
  echo "$kver" >"$dest/KERNEL_RELEASE"
  echo "$pkg $version" >"$dest/PACKAGE"
  echo "  boot payload $arch: $pkg $version ($(ls "$dest/modules" | grep -c '\.ko') modules)" >&2
}

fetch_arch amd64
# arm64 is proven by a direct-kernel boot only (docs/rehearse.md: Debian has no arm64 iPXE).
fetch_arch arm64
