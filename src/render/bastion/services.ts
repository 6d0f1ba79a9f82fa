// The one typed list of bastion services. compose.yaml (home/local), the systemd units and cloud-init (AWS), the
// firewall and the checks are all rendered from this list, so they cannot disagree about images, ports or paths.
import type { Plan, PlanCache } from "../../plan/types.ts";
import { containerName, HOST, unitName } from "./layout.ts";

export type ServiceRole = "matchbox" | "cache" | "registry" | "dns" | "dhcp";

export interface Listen {
  readonly port: number;
  readonly protocol: "tcp" | "udp";
  /** What the port is for (firewall comments, docs). */
  readonly purpose: string;
}

export interface Mount {
  readonly host: string;
  readonly container: string;
  readonly readOnly: boolean;
}

interface ServiceBase {
  /** Service name: compose service, systemd unit moonlab-<name>.service, container moonlab-<name>. */
  readonly name: string;
  readonly role: ServiceRole;
  readonly listens: readonly Listen[];
  /** Where the live checks read the service's log on the bastion. */
  readonly log: { readonly file: string } | { readonly command: string };
}

/** A container run with host networking (every service listens on its own host port). */
export interface ContainerService extends ServiceBase {
  readonly kind: "container";
  readonly image: string;
  /** "tag": the image is pinned by tag only (no digest is known offline); "digest": image@sha256. */
  readonly pinnedBy: "tag" | "digest";
  readonly args: readonly string[];
  readonly mounts: readonly Mount[];
  /** docker --env-file files; `required: false` files may be absent. */
  readonly envFiles: readonly { readonly path: string; readonly required: boolean }[];
  /** A file that must exist before the service starts (a secret pushed after boot); the unit retries until then. */
  readonly waitsFor?: string;
  readonly capAdd: readonly string[];
  /** Host directories the service needs (created by the installer). */
  readonly dirs: readonly string[];
}

/** A program of the host's distribution (dnsmasq needs raw L2 access and the distribution's iPXE binaries). */
export interface HostService extends ServiceBase {
  readonly kind: "host";
  /** Distribution packages that provide it (Debian names; the home installer installs them). */
  readonly packages: readonly string[];
  readonly exec: readonly string[];
  readonly dirs: readonly string[];
}

export type BastionService = ContainerService | HostService;

/** Environment file of Pi-hole's secret (FTLCONF_webserver_api_password); generated on the bastion if not pushed. */
export const PIHOLE_SECRET_ENV = `${HOST.secrets}/pihole.env`;
/** Pi-hole's web UI port (the bastion's :80 stays free). */
export const PIHOLE_WEB_PORT = 8081;
export const LAB_REGISTRY = "lab-registry";

/** The pinned image reference and how it is pinned: a digest when the version matrix knows one, else the tag. */
export function pinned(image: string): { readonly image: string; readonly pinnedBy: "tag" | "digest" } {
  return { image, pinnedBy: image.includes("@sha256:") ? "digest" : "tag" };
}

function logOf(plan: Plan, name: string): ServiceBase["log"] {
  // AWS units append stdout/stderr to a file; compose keeps Docker's log (read with `docker logs`).
  return plan.target === "aws"
    ? { file: `${HOST.logs}/${name}.log` }
    : { command: `docker logs ${containerName(name)}` };
}

function registryService(plan: Plan, name: string, role: "cache" | "registry", port: number, what: string) {
  const dir = `${HOST.registry}/${name}`;
  const svc: ContainerService = {
    kind: "container",
    name,
    role,
    ...pinned(plan.components.registry.image),
    // The registry 3 image reads /etc/distribution/config.yml (its default CMD).
    args: [],
    mounts: [
      { host: `${HOST.etc}/registry/${name}/config.yml`, container: "/etc/distribution/config.yml", readOnly: true },
      { host: `${dir}/data`, container: "/var/lib/registry", readOnly: false },
    ],
    envFiles: [],
    capAdd: [],
    dirs: [`${dir}/data`],
    listens: [{ port, protocol: "tcp", purpose: what }],
    log: logOf(plan, name),
  };
  return svc;
}

export function cacheService(plan: Plan, c: PlanCache): ContainerService {
  return registryService(plan, c.name, "cache", c.port, `pull-through cache of ${c.upstream}`);
}

export function bastionServices(plan: Plan): BastionService[] {
  const mb = plan.services.matchbox;
  const out: BastionService[] = [
    {
      kind: "container",
      name: "matchbox",
      role: "matchbox",
      ...pinned(plan.components.matchbox.image),
      // debug: matchbox logs every request (the asset GETs T04 looks for) only at debug level.
      args: [`-address=0.0.0.0:${mb.port}`, "-log-level=debug"],
      mounts: [{ host: HOST.matchbox, container: "/var/lib/matchbox", readOnly: true }],
      envFiles: [],
      capAdd: [],
      dirs: ["profiles", "groups", "generic", "assets"].map((d) => `${HOST.matchbox}/${d}`),
      listens: [
        { port: mb.port, protocol: "tcp", purpose: "matchbox HTTP (iPXE scripts, boot assets, machine configs)" },
      ],
      log: logOf(plan, "matchbox"),
    },
    ...plan.caches.map((c) => cacheService(plan, c)),
    registryService(plan, LAB_REGISTRY, "registry", plan.services.registry.port, "the lab's own registry"),
    {
      kind: "container",
      name: "pihole",
      role: "dns",
      ...pinned(plan.components.pihole.image),
      args: [],
      mounts: [{ host: HOST.pihole, container: "/etc/pihole", readOnly: false }],
      envFiles: [
        { path: `${HOST.etc}/pihole.env`, required: true },
        { path: PIHOLE_SECRET_ENV, required: true },
      ],
      waitsFor: PIHOLE_SECRET_ENV,
      capAdd: [],
      dirs: [HOST.pihole],
      listens: [
        { port: plan.services.dns.port, protocol: "udp", purpose: "DNS (Pi-hole)" },
        { port: plan.services.dns.port, protocol: "tcp", purpose: "DNS (Pi-hole)" },
        { port: PIHOLE_WEB_PORT, protocol: "tcp", purpose: "Pi-hole web UI and API" },
      ],
      log: logOf(plan, "pihole"),
    },
  ];
  if (plan.network.dhcp.mode !== "off") {
    const logFile = `${HOST.logs}/dnsmasq.log`;
    out.push({
      kind: "host",
      name: "dnsmasq",
      role: "dhcp",
      packages: ["dnsmasq", "ipxe"],
      exec: [
        "/usr/sbin/dnsmasq",
        "--keep-in-foreground",
        `--conf-file=${HOST.etc}/dnsmasq.conf`,
        `--tftp-root=${HOST.tftp}`,
        `--log-facility=${logFile}`,
        `--pid-file=/run/moonlab-dnsmasq.pid`,
      ],
      dirs: [HOST.tftp, HOST.logs],
      listens: [
        { port: plan.network.dhcp.mode === "proxy" ? 4011 : 67, protocol: "udp", purpose: "DHCP / proxy-DHCP (PXE)" },
        ...(plan.network.dhcp.mode === "proxy"
          ? [{ port: 67, protocol: "udp" as const, purpose: "proxy-DHCP offers" }]
          : []),
        { port: 69, protocol: "udp", purpose: "TFTP (iPXE binaries)" },
      ],
      log: { file: logFile },
    });
  }
  return out;
}

export { containerName, unitName };
