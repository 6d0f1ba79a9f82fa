// The resolved lab: every address, name, port, role and version, derived from a valid spec. Renderers and checks
// read only this (and the secrets); nothing downstream reads the spec.
import type { COMPONENTS, CozystackRelease, TalosRelease } from "../versions/matrix.ts";

export type Target = "aws" | "home" | "local";
export type Arch = "arm64" | "amd64";
export type Group = "gateway" | "compute";

export interface PlanNode {
  readonly name: string;
  readonly hostname: string;
  readonly role: "controlplane" | "worker";
  readonly group: Group;
  readonly address: string;
  /** Lowercase colon form (home/local); undefined on AWS. */
  readonly mac?: string;
  readonly instanceType: string;
  readonly installDisk: string;
  readonly purchase: "on-demand" | "spot";
  readonly volumeGb: number;
  /** Kubernetes node labels (src/plan/labels.ts): group, role, and the spin extension marker. */
  readonly labels: Readonly<Record<string, string>>;
  /** The matchbox selector that picks this node's profile: {node: name} on AWS, {mac} at home/local. */
  readonly selector: Readonly<Record<string, string>>;
}

export interface PlanCache {
  readonly upstream: string;
  readonly port: number;
  readonly remoteUrl: string;
  /** Service/container name, e.g. cache-docker-io. */
  readonly name: string;
  /** http://<bastion>:<port>, what Talos mirrors point at. */
  readonly endpoint: string;
}

/** An image replaced on the nodes (spec images.substitutions), normalised. */
export interface PlanSubstitution {
  /** registry/repository:tag the lab runs. */
  readonly image: string;
  /** Where the user's replacement is. */
  readonly replacement: string;
  /** Its copy in the lab registry, under the upstream host as a path prefix: <lab>/<registry>/<repository>:<tag>. */
  readonly delivered: string;
  /** The upstream registry host whose Talos mirror tries the lab registry first. */
  readonly registry: string;
}

export interface PlanSchedule {
  readonly start: string;
  readonly stop: string;
  readonly days: readonly string[];
  readonly timeZone: string;
  /** Hours the lab is awake per scheduled day (stop may pass midnight). */
  readonly hoursPerDay: number;
  /** Scheduled days per week. */
  readonly daysPerWeek: number;
}

export interface Plan {
  readonly lab: string;
  readonly target: Target;
  readonly region: string;
  readonly arch: Arch;
  /** moonlab:lab=<name> on everything the lab owns. */
  readonly tags: Readonly<Record<string, string>>;
  readonly network: {
    readonly cidr: string;
    readonly subnet: string;
    readonly prefixLength: number;
    readonly netmask: string;
    readonly gateway: string;
    readonly ipv6: boolean;
    readonly dnsServer: string;
    readonly reserved: readonly string[];
    readonly dhcp: {
      readonly mode: "off" | "full" | "proxy";
      readonly range?: { readonly start: string; readonly end: string };
    };
    readonly loadBalancerPool?: { readonly start: string; readonly end: string };
  };
  readonly bastion: {
    readonly name: string;
    readonly address: string;
    readonly instanceType: string;
    readonly publicIpv4: boolean;
    /** AWS only: the bastion forwards and masquerades the lab subnet's IPv4 (nodes route 0.0.0.0/0 via it). */
    readonly nat: boolean;
    readonly sshSources: readonly string[];
    readonly sshUser: string;
    readonly ssm: boolean;
    readonly volumeGb: number;
    readonly schedule: PlanSchedule;
  };
  readonly nodes: readonly PlanNode[];
  readonly groups: Readonly<Record<Group, { readonly extensions: readonly string[] }>>;
  readonly talos: TalosRelease & {
    readonly bootMode: "ipxe" | "ami";
    readonly skipFallback: boolean;
    readonly clusterName: string;
    readonly endpoint: string;
    readonly controlPlaneAddress: string;
    readonly timeServers: readonly string[];
  };
  readonly kubernetes: {
    readonly dnsDomain: string;
    readonly podCidr: string;
    readonly podGateway: string;
    readonly serviceCidr: string;
    readonly joinCidr: string;
  };
  readonly cozystack: CozystackRelease & { readonly variant: string; readonly host: string };
  readonly components: typeof COMPONENTS;
  readonly caches: readonly PlanCache[];
  readonly services: {
    readonly matchbox: { readonly port: number; readonly url: string };
    readonly dns: { readonly port: number; readonly domain: string; readonly upstreams: readonly string[] };
    readonly registry: { readonly port: number; readonly url: string };
  };
  readonly gitops: {
    readonly repo: string;
    readonly branch: string;
    /** Name of the Secret (in the source's namespace) Flux reads the repository's credentials from. */
    readonly secretRef?: string;
    readonly path: string;
    /** CozyStack's Flux Operator names the sync source cozy-fluxcd/cozy-fluxcd (ACCEPTANCE T07 correction). */
    readonly sourceNamespace: string;
    readonly sourceName: string;
  };
  readonly cost: { readonly freeTier: "none" | "legacy-12-month" | "credits" };
  readonly budget: {
    readonly atRestMonthly: number;
    readonly perSession: number;
    readonly monthly: number;
    readonly notifyAtPercent: number;
    readonly email?: string;
  };
  readonly images: { readonly substitutions: readonly PlanSubstitution[] };
  /** Acknowledged findings: check id or validation code -> written reason. */
  readonly acknowledgements: Readonly<Record<string, string>>;
}
