// Where every bastion file lives: its path in the rendered tree (bastion/...) and on the bastion host. One table, so
// the tree, the AWS user-data, the home installer and the checks cannot disagree. docs/bastion.md prints it.

/** Host directories on the bastion (Amazon Linux 2023 on AWS, any Linux with Docker at home). */
export const HOST = {
  /** Configuration rendered by moonlab (not secret). */
  etc: "/etc/moonlab",
  /** Secrets pushed by moonlab after boot or generated on the bastion; mode 0700, never in the tree. */
  secrets: "/etc/moonlab/secrets",
  /** matchbox data dir (profiles/, groups/, generic/, assets/). */
  matchbox: "/srv/moonlab/matchbox",
  /** Persistent registry storage, one folder per registry. */
  registry: "/srv/moonlab/registry",
  /** TFTP root with the iPXE binaries (home/local). */
  tftp: "/srv/moonlab/tftp",
  /** Pi-hole's /etc/pihole. */
  pihole: "/srv/moonlab/pihole",
  /** Service logs read by the live checks. */
  logs: "/var/log/moonlab",
  /** Scripts of the bundle. */
  libexec: "/usr/local/libexec/moonlab",
  systemd: "/etc/systemd/system",
  sysctl: "/etc/sysctl.d",
} as const;

/** Tree path prefix of the family. */
export const ROOT = "bastion";

export const TREE = {
  services: `${ROOT}/services.json`,
  compose: `${ROOT}/compose.yaml`,
  cloudInit: `${ROOT}/cloud-init.yaml`,
  dnsmasq: `${ROOT}/dnsmasq/dnsmasq.conf`,
  piholeEnv: `${ROOT}/pihole/pihole.env`,
  firewall: `${ROOT}/firewall.nft`,
  matchbox: `${ROOT}/matchbox`,
  profiles: `${ROOT}/matchbox/profiles`,
  groups: `${ROOT}/matchbox/groups`,
  generic: `${ROOT}/matchbox/generic`,
  fetchAssets: `${ROOT}/scripts/fetch-boot-assets.sh`,
  attachEni: `${ROOT}/scripts/attach-eni.sh`,
  install: `${ROOT}/scripts/install.sh`,
  natSysctl: `${ROOT}/sysctl/90-moonlab-nat.conf`,
  registryConfig: (name: string) => `${ROOT}/registry/${name}/config.yml`,
  unit: (name: string) => `${ROOT}/systemd/${unitName(name)}`,
} as const;

export const unitName = (service: string): string => `moonlab-${service}.service`;
export const containerName = (service: string): string => `moonlab-${service}`;

/** Host path of a tree path (undefined for files that are not installed on the bastion, e.g. cloud-init.yaml). */
export function hostPathOf(treePath: string): string | undefined {
  const rel = treePath.startsWith(`${ROOT}/`) ? treePath.slice(ROOT.length + 1) : undefined;
  if (rel === undefined) return undefined;
  if (rel.startsWith("matchbox/")) return `${HOST.matchbox}/${rel.slice("matchbox/".length)}`;
  if (rel.startsWith("registry/")) return `${HOST.etc}/${rel}`;
  if (rel.startsWith("systemd/")) return `${HOST.systemd}/${rel.slice("systemd/".length)}`;
  if (rel.startsWith("scripts/")) return `${HOST.libexec}/${rel.slice("scripts/".length)}`;
  if (rel.startsWith("sysctl/")) return `${HOST.sysctl}/${rel.slice("sysctl/".length)}`;
  if (rel.startsWith("secrets/")) return `${HOST.secrets}/${rel.slice("secrets/".length)}`;
  if (rel === "dnsmasq/dnsmasq.conf") return `${HOST.etc}/dnsmasq.conf`;
  if (rel === "pihole/pihole.env") return `${HOST.etc}/pihole.env`;
  if (rel === "firewall.nft" || rel === "services.json" || rel === "compose.yaml") return `${HOST.etc}/${rel}`;
  return undefined;
}
