#!/usr/bin/env bash
# The rehearsal's stand-in for Talos (no Talos image is reachable offline): Debian 12's cloud kernel, downloaded
# with apt (never built or committed) and unpacked into $MOONLAB_TOOLS/boot-payload/<arch>/ as `vmlinuz` plus the
# virtio network modules the payload's /init loads. The busybox initramfs around it is built by moonlab at run
# time (src/rehearse/payload.ts), never committed as a binary.
# Pinned by Debian release (bookworm) and kernel flavour; apt only keeps the current patch, so the exact package
# seen is written to $out/<arch>/PACKAGE and printed to the CI log (seen when written: linux-image-6.1.0-56-cloud-amd64
# 6.1.192-2).
set -Eeuo pipefail
# Loud on failure: any unexpected non-zero exit names the script, the line and the command (apt's own stderr is kept).
trap 'echo "40-boot-payload.sh: failed (exit $?) at line $LINENO: $BASH_COMMAND" >&2' ERR
tools="${MOONLAB_TOOLS:?run through scripts/install-test-tools.sh}"
out="$tools/boot-payload"
# Modules the payload needs for virtio networking, in load order (FACTS.md "Proving the boot chain").
modules=(failover net_failover virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci virtio_net)

# The ABI package a kernel metapackage depends on; extra arguments are apt options. Fails when apt-cache does.
abi_package() {
  local meta="$1"
  shift
  local deps
  deps="$(apt-cache "$@" depends "$meta")" || return 1
  awk '/Depends: linux-image-/{print $2; exit}' <<<"$deps"
}

fetch_arch() {
  local arch="$1"
  local meta="linux-image-cloud-$arch"
  local aptopts=()
  if [ "$arch" != "$(dpkg --print-architecture)" ]; then aptopts=(-o "APT::Architectures=$(dpkg --print-architecture),$arch"); fi
  # The metapackage names the current ABI package, e.g. linux-image-6.1.0-56-cloud-amd64. apt-cache fails (exit
  # 100) while the lists of that architecture were never fetched: that is expected on a fresh machine (the foreign
  # architecture's lists are fetched only when first asked for, without `dpkg --add-architecture`), so the first
  # lookup may fail and the lists are then fetched; a second failure is reported with apt's own message.
  local pkg
  pkg="$(abi_package "$meta:$arch" "${aptopts[@]}" 2>/dev/null || true)"
  if [ -z "$pkg" ]; then
    echo "  boot payload $arch: $meta is not in apt's lists yet; fetching the $arch package lists" >&2
    apt-get "${aptopts[@]}" update -qq >&2 ||
      { echo "40-boot-payload.sh: apt-get update for $arch failed (see above)" >&2; return 1; }
    pkg="$(abi_package "$meta:$arch" "${aptopts[@]}")" ||
      { echo "40-boot-payload.sh: apt-cache depends $meta:$arch failed after fetching the lists" >&2; return 1; }
  fi
  pkg="${pkg%%:*}"
  [ -n "$pkg" ] || { echo "40-boot-payload.sh: no $meta in apt's lists for $arch (sources: apt-cache policy)" >&2; return 1; }
  local version
  version="$(apt-cache "${aptopts[@]}" policy "$pkg:$arch")"
  version="$(awk '/Candidate:/{print $2}' <<<"$version")"
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
    # -print -quit, not `| head -n1`: under pipefail a find killed by SIGPIPE would stop the script.
    f="$(find "$work/root/lib/modules/$kver" \( -name "$m.ko" -o -name "$m.ko.xz" \) -print -quit)"
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
