#!/usr/bin/env bash
# Debian packages the integration tests run for real. Debian 12 (bookworm) is the pinned release; the versions
# seen when this was written are listed so a drift is visible in the CI log (apt keeps only the current patch).
set -euo pipefail
pkgs=(
  dnsmasq           # 2.90-4~deb12u2: PXE/DHCP/TFTP config test and live DHCP in a netns
  ipxe              # 1.0.0+git-20190125: undionly.kpxe and ipxe.efi served over TFTP
  qemu-system-x86   # 1:7.2+dfsg-7+deb12u18: netboot rehearsal VMs (TCG)
  qemu-system-arm   # same: arm64 rehearsal
  qemu-efi-aarch64  # 2022.11-6+deb12u2: AAVMF firmware
  ovmf              # 2022.11-6+deb12u2: x86 UEFI firmware
  busybox-static    # 1:1.35.0-4+deb12u1: the phone-home test payload's userland
  docker-registry   # 2.8.2+ds1-1: distribution, as pull-through cache and local registry
  cloud-init        # 22.4.2-1+deb12u4: `cloud-init schema` on rendered user-data
  skopeo            # 1.9.3: copies test images between local registries
  openssh-server    # 1:9.2p1-2+deb12u10: a real sshd standing in for the bastion's (keyless access tests)
  iproute2 git openssl curl ca-certificates cpio xz-utils
  unzip             # unpacks the CozyStack module zip (35-cozystack-release.sh)
)
missing=()
for p in "${pkgs[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p"); done
if [ "${#missing[@]}" -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
# openssh-server's package enables the system sshd on :22; the tests start their own on loopback. Only when this
# run installed it: a machine that already had sshd keeps it.
if grep -qx openssh-server <<<"$(printf '%s\n' "${missing[@]}")" && command -v systemctl >/dev/null 2>&1; then
  systemctl disable --now ssh >/dev/null 2>&1 || true
fi
# docker-registry's Debian package starts a system registry on :5000; the tests start their own instances.
if command -v systemctl >/dev/null 2>&1; then systemctl disable --now docker-registry >/dev/null 2>&1 || true; fi
pkill -f '^/usr/bin/docker-registry serve /etc/docker/registry/config.yml' 2>/dev/null || true
for p in "${pkgs[@]}"; do dpkg-query -W -f='  ${Package} ${Version}\n' "$p" 2>/dev/null; done >&2
