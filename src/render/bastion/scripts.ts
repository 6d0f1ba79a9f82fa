// The bundle's shell scripts. Shell is the one format here that has to be written as text: every value that comes
// from the plan goes through shellWord(), and the data each script acts on is a generated table, not prose.
import type { Plan } from "../../plan/types.ts";
import { HOST, unitName } from "./layout.ts";
import { bootAssets } from "./matchbox.ts";
import { shellWord, shellWords } from "./serialize.ts";
import { type BastionService, PIHOLE_SECRET_ENV } from "./services.ts";

const FACTORY = "https://factory.talos.dev";

/**
 * Downloads the Talos kernel, initramfs and cmdline of every group's schematic into matchbox's assets and verifies
 * them: the SHA-256 of each file is recorded at its first download (the factory publishes no checksum file) and every
 * run checks all files against it, so a truncated or altered asset fails loudly instead of booting.
 * MOONLAB_ASSETS and MOONLAB_FACTORY override the destination and the factory (tests, mirrors).
 */
export function fetchAssetsScript(plan: Plan): string {
  const table = bootAssets(plan).map((a) => `${a.path} ${a.url.slice(FACTORY.length)}`);
  return [
    "#!/bin/sh",
    `# Talos ${plan.talos.version} boot assets for lab ${plan.lab}: <path under assets/> <path on the factory>`,
    "set -eu",
    `assets="\${MOONLAB_ASSETS:-${HOST.matchbox}/assets}"`,
    `factory="\${MOONLAB_FACTORY:-${FACTORY}}"`,
    'sums="$assets/SHA256SUMS"',
    'mkdir -p "$assets"',
    'touch "$sums"',
    "fetch() {",
    '  dest="$assets/$1"',
    '  if [ -s "$dest" ] && grep -q "  $1\\$" "$sums"; then return 0; fi',
    '  mkdir -p "$(dirname "$dest")"',
    '  echo "fetch $factory$2" >&2',
    '  curl -fsSL --retry 5 --retry-delay 3 --connect-timeout 20 -o "$dest.part" "$factory$2"',
    '  [ -s "$dest.part" ] || { echo "empty download: $factory$2" >&2; exit 1; }',
    '  mv "$dest.part" "$dest"',
    '  grep -v "  $1\\$" "$sums" > "$sums.new" || true',
    '  (cd "$assets" && sha256sum "$1") >> "$sums.new"',
    '  mv "$sums.new" "$sums"',
    "}",
    'while read -r path src; do fetch "$path" "$src"; done <<\'ASSETS\'',
    ...table,
    "ASSETS",
    'cd "$assets"',
    "sha256sum -c --quiet SHA256SUMS",
    "for c in $(grep -o '[^ ]*/cmdline-metal-[a-z0-9]*$' SHA256SUMS); do",
    '  grep -q "talos.platform=metal" "$c" || { echo "$c: not a Talos metal cmdline" >&2; exit 1; }',
    "done",
    'echo "boot assets verified: $(grep -c . SHA256SUMS) files in $assets" >&2',
    "",
  ].join("\n");
}

/** Attaches the lab's static ENI (the fixed bastion address) at device index 1, via IMDSv2 and the AWS CLI. */
export function attachEniScript(plan: Plan): string {
  const lab = shellWord(plan.lab);
  const addr = shellWord(plan.bastion.address);
  return [
    "#!/bin/sh",
    "# An ASG launch template cannot name a fixed network interface: the bastion attaches the pre-created ENI that",
    "# holds the lab's fixed address at boot, so a replaced bastion keeps its address (ACCEPTANCE T02).",
    "set -eu",
    "imds=http://169.254.169.254/latest",
    'token=$(curl -fsS -X PUT "$imds/api/token" -H "X-aws-ec2-metadata-token-ttl-seconds: 300")',
    'md() { curl -fsS -H "X-aws-ec2-metadata-token: $token" "$imds/meta-data/$1"; }',
    "instance=$(md instance-id)",
    "region=$(md placement/region)",
    `if ip -4 -o addr show | grep -q " ${plan.bastion.address}/"; then echo "${plan.bastion.address} already attached" >&2; exit 0; fi`,
    'eni=$(aws ec2 describe-network-interfaces --region "$region" \\',
    `  --filters Name=addresses.private-ip-address,Values=${addr} Name=tag:moonlab:lab,Values=${lab} \\`,
    "  --query 'NetworkInterfaces[0].NetworkInterfaceId' --output text)",
    '[ -n "$eni" ] && [ "$eni" != None ] || { echo "no ENI with ' +
      plan.bastion.address +
      " tagged moonlab:lab=" +
      plan.lab +
      '" >&2; exit 1; }',
    "# A previous bastion that was terminated may still hold it for a moment.",
    "for i in $(seq 1 30); do",
    '  state=$(aws ec2 describe-network-interfaces --region "$region" --network-interface-ids "$eni" \\',
    "    --query 'NetworkInterfaces[0].Status' --output text)",
    '  [ "$state" = available ] && break',
    "  sleep 5",
    "done",
    'aws ec2 attach-network-interface --region "$region" --network-interface-id "$eni" --instance-id "$instance" --device-index 1',
    "# amazon-ec2-net-utils configures the new interface (with policy routing); wait for the address.",
    "for i in $(seq 1 60); do",
    `  ip -4 -o addr show | grep -q " ${plan.bastion.address}/" && exit 0`,
    "  sleep 2",
    "done",
    `echo "${plan.bastion.address} did not appear on any interface" >&2`,
    "exit 1",
    "",
  ].join("\n");
}

export interface InstallFile {
  /** Path inside the rendered bastion/ folder. */
  readonly tree: string;
  readonly host: string;
  readonly mode: number;
}

/**
 * The one installer for every target: `install.sh --systemd` (AWS: cloud-init already wrote the files) or
 * `install.sh --compose [--bundle DIR]` (home/local: copies the rendered bastion/ folder into place first).
 * It creates the directories, generates Pi-hole's password on the bastion if moonlab has not pushed one, frees :53
 * from systemd-resolved's stub, applies the firewall, prepares the TFTP root, starts the services and fetches the
 * boot assets.
 */
export function installScript(plan: Plan, services: readonly BastionService[], files: readonly InstallFile[]): string {
  const dirs = [...new Set([HOST.etc, HOST.logs, HOST.libexec, ...services.flatMap((s) => s.dirs)])].sort();
  const containers = services.filter((s) => s.kind === "container").map((s) => s.name);
  const hostServices = services.filter((s) => s.kind === "host");
  const packages = [...new Set(hostServices.flatMap((s) => s.packages))].sort();
  const copy = files.map((f) => `${f.mode.toString(8)} ${f.tree} ${f.host}`);
  return [
    "#!/bin/sh",
    `# Brings up the bastion services of lab ${plan.lab} (target ${plan.target}). Idempotent: run it again after a change.`,
    "set -eu",
    'mode=""; bundle=""',
    'while [ $# -gt 0 ]; do case "$1" in',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a JS template
    '  --systemd|--compose) mode="${1#--}"; shift ;;',
    '  --bundle) bundle="$2"; shift 2 ;;',
    '  *) echo "usage: install.sh --systemd|--compose [--bundle DIR]" >&2; exit 2 ;;',
    "esac; done",
    '[ -n "$mode" ] || { echo "usage: install.sh --systemd|--compose [--bundle DIR]" >&2; exit 2; }',
    `mkdir -p ${shellWords(dirs)}`,
    `install -d -m 0700 ${shellWord(HOST.secrets)} ${shellWord(`${HOST.matchbox}/generic`)}`,
    'if [ -n "$bundle" ]; then',
    "  # <mode> <path in the bundle> <path on this host>",
    '  while read -r m src dest; do install -D -m "$m" "$bundle/$src" "$dest"; done <<\'FILES\'',
    ...copy.map((c) => `${c.replace(/^(\S+) bastion\//, "$1 ")}`),
    "FILES",
    "fi",
    "# Pi-hole's web password: pushed by moonlab, else generated here once; never rendered, never in user-data.",
    `if [ ! -s ${shellWord(PIHOLE_SECRET_ENV)} ]; then`,
    `  (umask 077; printf 'FTLCONF_webserver_api_password=%s\\n' "$(od -An -N24 -tx1 /dev/urandom | tr -d ' \\n')" > ${shellWord(PIHOLE_SECRET_ENV)})`,
    "fi",
    "# Pi-hole owns :53; systemd-resolved's stub listener (Amazon Linux 2023, Ubuntu) would hold it.",
    "if systemctl is-active -q systemd-resolved 2>/dev/null; then",
    "  mkdir -p /etc/systemd/resolved.conf.d",
    "  printf '[Resolve]\\nDNSStubListener=no\\n' > /etc/systemd/resolved.conf.d/moonlab.conf",
    "  systemctl restart systemd-resolved",
    "fi",
    `command -v nft >/dev/null && nft -f ${shellWord(`${HOST.etc}/firewall.nft`)}`,
    ...(plan.bastion.nat
      ? [
          "# NAT instance for the nodes' IPv4: forwarding on (sysctl.d file), and the lab subnet routed out of the",
          "# static ENI, whose source/dest check is off (the primary ENI keeps it on and sends only masqueraded packets).",
          `sysctl -q -p ${shellWord(`${HOST.sysctl}/90-moonlab-nat.conf`)}`,
          `lab_if=$(ip -o -4 addr show to ${plan.bastion.address}/32 | awk '{print $2; exit}')`,
          `if [ -n "$lab_if" ]; then ip route replace ${plan.network.subnet} dev "$lab_if" src ${plan.bastion.address} metric 1; else echo "warning: ${plan.bastion.address} is on no interface: no NAT for the nodes" >&2; fi`,
        ]
      : []),
    ...(hostServices.length > 0
      ? [
          "# dnsmasq and iPXE come from the distribution; its own dnsmasq service would take :53 from Pi-hole.",
          `if ! command -v dnsmasq >/dev/null; then`,
          `  if command -v apt-get >/dev/null; then apt-get install -y --no-install-recommends ${shellWords(packages)}; else dnf install -y dnsmasq ipxe-bootimgs-x86 ipxe-bootimgs-aarch64; fi`,
          "fi",
          "systemctl disable --now dnsmasq.service 2>/dev/null || true",
          `touch ${shellWord(`${HOST.logs}/dnsmasq.log`)}; chown dnsmasq ${shellWord(`${HOST.logs}/dnsmasq.log`)} 2>/dev/null || true`,
          `tftp=${shellWord(HOST.tftp)}`,
          'for f in /usr/lib/ipxe/undionly.kpxe /usr/share/ipxe/undionly.kpxe; do [ -f "$f" ] && cp "$f" "$tftp/undionly.kpxe"; done',
          'for f in /usr/lib/ipxe/ipxe.efi /usr/share/ipxe/ipxe-x86_64.efi; do [ -f "$f" ] && cp "$f" "$tftp/ipxe.efi"; done',
          'for f in /usr/share/ipxe/arm64-efi/ipxe.efi /usr/share/ipxe/ipxe-aa64.efi; do [ -f "$f" ] && cp "$f" "$tftp/ipxe-arm64.efi"; done',
          '[ -f "$tftp/ipxe-arm64.efi" ] || curl -fsSL --connect-timeout 20 -o "$tftp/ipxe-arm64.efi" https://boot.ipxe.org/arm64-efi/ipxe.efi \\',
          '  || echo "warning: no arm64 iPXE binary in $tftp (ARM64 EFI PXE clients will not boot)" >&2',
        ]
      : []),
    'if [ "$mode" = systemd ]; then',
    "  systemctl daemon-reload",
    `  systemctl enable --now docker.service`,
    `  systemctl enable --now ${services.map((s) => unitName(s.name)).join(" ")}`,
    "else",
    `  docker compose -f ${shellWord(`${HOST.etc}/compose.yaml`)} up -d --remove-orphans ${shellWords(containers)}`,
    ...(hostServices.length > 0
      ? ["  systemctl daemon-reload", `  systemctl enable --now ${hostServices.map((s) => unitName(s.name)).join(" ")}`]
      : []),
    "fi",
    `${shellWord(`${HOST.libexec}/fetch-boot-assets.sh`)}`,
    "",
  ].join("\n");
}
