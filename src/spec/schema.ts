// The lab spec (lab.yaml): one zod schema from which the TypeScript types and the editor JSON Schema derive.
// Shape checks live here; cross-field rules (addresses, uniqueness, ...) live in spec/rules/.
import { z } from "zod";
import {
  devicePath,
  dnsName,
  emailAddress,
  extensionName,
  httpUrl,
  oneLineText,
  registryHost,
  resolverAddress,
  shortName,
  timeZoneName,
  unixUser,
  versionTag,
} from "./formats.ts";

const dnsLabel = z
  .string()
  .regex(/^[a-z]([a-z0-9-]{0,30}[a-z0-9])?$/, "a DNS label: lowercase letters, digits and '-', 1-32 characters");
const ipv4 = z.string().describe("an IPv4 address, e.g. 10.10.0.100");
const cidr4 = z.string().describe("an IPv4 CIDR block, e.g. 10.10.0.0/24");
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a 24-hour time HH:MM, e.g. 18:00");
const day = z.enum(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]);
const purchase = z
  .enum(["on-demand", "spot"])
  .describe("EC2 purchase option: on-demand, or spot (cheaper, can be interrupted)");
const group = z.enum(["gateway", "compute"]);
const role = z.enum(["controlplane", "worker"]);
const range4 = z.object({ start: ipv4, end: ipv4 }).strict();

export const ScheduleSchema = z
  .object({
    start: hhmm.default("18:00").describe("local time the lab wakes"),
    stop: hhmm.default("23:00").describe("local time the lab sleeps"),
    days: z.array(day).min(1).default(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]),
    timeZone: timeZoneName.default("Europe/Dublin").describe("IANA time zone of start/stop, e.g. Europe/Dublin"),
  })
  .strict();

export const BastionSchema = z
  .object({
    instanceType: z.string().default("t4g.small").describe("EC2 instance type; one the region's price table lists"),
    address: ipv4.describe("fixed private address of the bastion (static ENI on AWS)"),
    publicIpv4: z.boolean().default(false).describe("give the bastion a public IPv4 ($0.005/h while attached)"),
    nat: z
      .boolean()
      .optional()
      .describe(
        "aws only (default true there; rejected on home/local): the bastion is the nodes' IPv4 NAT instance " +
          "(forwards and masquerades the lab subnet out of its public IPv4; needs publicIpv4: true)",
      ),
    ssh: z
      .object({
        sources: z
          .array(z.string())
          .max(8)
          .default([])
          .describe("operator addresses allowed to SSH (/32 or /128), at most 8; empty = SSM only"),
        user: unixUser.default("ec2-user"),
      })
      .strict()
      .default({ sources: [], user: "ec2-user" }),
    ssm: z.boolean().default(true).describe("allow AWS SSM Session Manager (no inbound port)"),
    volumeGb: z.number().int().min(8).max(1024).default(30).describe("root volume (gp3) size; holds the caches"),
    schedule: ScheduleSchema.default({
      start: "18:00",
      stop: "23:00",
      days: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
      timeZone: "Europe/Dublin",
    }),
  })
  .strict();

export const NodeSchema = z
  .object({
    name: dnsLabel,
    role: role.default("worker"),
    group: group.default("compute"),
    instanceType: z.string().optional().describe("EC2 instance type (aws target)"),
    mac: z.string().optional().describe("MAC address of the node's boot NIC (home/local targets)"),
    address: ipv4.optional().describe("fixed address; default: the next free address after the bastion"),
    installDisk: devicePath.optional(),
    purchase: purchase.optional(),
    volumeGb: z.number().int().min(10).max(16384).optional(),
  })
  .strict();

export const NodeCountsSchema = z
  .object({
    gateway: z.number().int().min(0).max(1).default(1),
    compute: z
      .number()
      .int()
      .min(0)
      .max(10)
      .default(2)
      .describe("at most 10: the CloudFormation template body (51,200 bytes) holds 11 nodes"),
    controlPlanes: z
      .number()
      .int()
      .min(1)
      .max(7)
      .default(1)
      .describe("the first N nodes (gateway first) are control planes"),
    instanceType: z.string().default("t4g.2xlarge"),
    installDisk: devicePath.default("/dev/nvme0n1"),
    volumeGb: z.number().int().min(10).max(16384).default(50),
    purchase: z
      .object({ gateway: purchase.default("on-demand"), compute: purchase.default("on-demand") })
      .strict()
      .default({
        gateway: "on-demand",
        compute: "on-demand",
      }),
  })
  .strict();

export const TalosSchema = z
  .object({
    version: versionTag.default("v1.13.6").describe("Talos version; must be in moonlab's version matrix"),
    bootMode: z
      .enum(["ipxe", "ami"])
      .default("ipxe")
      .describe(
        "ipxe: netboot from the bastion; ami is refused (the Talos AMI would need the machine config, CA keys " +
          "included, as EC2 user-data in the template)",
      ),
    extensions: z
      .object({
        gateway: z
          .array(extensionName)
          .default(["siderolabs/drbd", "siderolabs/zfs", "siderolabs/spin", "siderolabs/tailscale"]),
        compute: z.array(extensionName).default(["siderolabs/drbd", "siderolabs/zfs", "siderolabs/spin"]),
      })
      .strict()
      .default({
        gateway: ["siderolabs/drbd", "siderolabs/zfs", "siderolabs/spin", "siderolabs/tailscale"],
        compute: ["siderolabs/drbd", "siderolabs/zfs", "siderolabs/spin"],
      }),
    skipFallback: z
      .boolean()
      .default(false)
      .describe("registry mirrors never fall back to the upstream (proves the caches)"),
    timeServers: z
      .array(z.string())
      .optional()
      .describe(
        "NTP servers of every node (hostnames or IP addresses); default: Amazon Time Sync 169.254.169.123 on aws, pool.ntp.org elsewhere",
      ),
  })
  .strict();

export const CozystackSchema = z
  .object({
    version: versionTag.default("v1.6.2"),
    variant: shortName.default("isp-full"),
    host: dnsName.optional().describe("publishing host (root domain); default <name>.lab"),
  })
  .strict();

export const CacheSchema = z
  .object({
    upstream: registryHost.describe("registry host, e.g. docker.io"),
    port: z.number().int().min(1024).max(65535),
    remoteUrl: httpUrl.optional().describe("default https://<upstream> (registry-1.docker.io for docker.io)"),
  })
  .strict();

export const DEFAULT_CACHES = [
  { upstream: "docker.io", port: 5050 },
  { upstream: "registry.k8s.io", port: 5051 },
  { upstream: "quay.io", port: 5052 },
  { upstream: "gcr.io", port: 5053 },
  { upstream: "ghcr.io", port: 5054 },
  { upstream: "factory.talos.dev", port: 5055 },
];

export const SubstitutionSchema = z
  .object({
    image: z
      .string()
      .min(1)
      .describe(
        "the image the lab runs, as `moonlab images` names it, with its tag: quay.io/kubevirt/cdi-operator:v1.61.0",
      ),
    replacement: z
      .string()
      .min(1)
      .describe(
        "an image you built or found with the lab's architecture, e.g. docker.io/you/cdi-operator:v1.61.0-arm64",
      ),
    reason: z.string().optional().describe("where the replacement comes from"),
  })
  .strict();

export const ImagesSchema = z
  .object({
    substitutions: z
      .array(SubstitutionSchema)
      .default([])
      .describe(
        "images replaced on the nodes: copied into the lab registry on the bastion under the original name, which Talos's registry mirrors try before the cache",
      ),
  })
  .strict();

export const DhcpSchema = z
  .object({
    mode: z
      .enum(["off", "full", "proxy"])
      .describe("off (aws), full DHCP server, or proxy-DHCP beside the home router"),
    range: range4.optional().describe("dynamic range for full DHCP; static addresses must stay outside it"),
  })
  .strict();

export const NetworkSchema = z
  .object({
    cidr: cidr4.describe("VPC or site CIDR, e.g. 10.10.0.0/16"),
    subnet: cidr4.describe("the lab subnet inside cidr, e.g. 10.10.0.0/24"),
    gateway: ipv4.optional().describe("router of the lab subnet (home); on AWS the VPC router .1"),
    ipv6: z.boolean().default(true),
    dhcp: DhcpSchema.optional().describe("default: off on aws, proxy at home, full on local"),
    loadBalancerPool: range4
      .optional()
      .describe("MetalLB L2 pool (home/local); inside the subnet, outside DHCP and statics"),
  })
  .strict();

export const SpecSchema = z
  .object({
    $schema: z.string().optional(),
    name: dnsLabel.describe("lab name; tags every resource as moonlab:lab=<name>"),
    target: z.enum(["aws", "home", "local"]).default("aws"),
    region: z
      .string()
      .default("eu-west-1")
      .describe("AWS region; one moonlab's price and instance table knows (src/lib/aws-instance-prices.ts)"),
    arch: z.enum(["arm64", "amd64"]).default("arm64"),
    network: NetworkSchema,
    bastion: BastionSchema,
    nodes: z
      .union([
        z
          .array(NodeSchema)
          .min(1)
          // The same ceiling as counts (1 gateway + 10 compute): what the rendered CloudFormation template is proven
          // to fit with every other list at its maximum (51,200 bytes, 500 resources; src/render/aws/limits.test.ts,
          // t01/template-within-cloudformation-limits).
          .max(11, "at most 11 nodes (1 gateway + 10 compute), what one CloudFormation template body holds"),
        NodeCountsSchema,
      ])
      .default({
        gateway: 1,
        compute: 2,
        controlPlanes: 1,
        instanceType: "t4g.2xlarge",
        installDisk: "/dev/nvme0n1",
        volumeGb: 50,
        purchase: { gateway: "on-demand", compute: "on-demand" },
      }),
    talos: TalosSchema.default({
      version: "v1.13.6",
      bootMode: "ipxe",
      extensions: {
        gateway: ["siderolabs/drbd", "siderolabs/zfs", "siderolabs/spin", "siderolabs/tailscale"],
        compute: ["siderolabs/drbd", "siderolabs/zfs", "siderolabs/spin"],
      },
      skipFallback: false,
    }),
    cozystack: CozystackSchema.default({ version: "v1.6.2", variant: "isp-full" }),
    caches: z.array(CacheSchema).max(8).default(DEFAULT_CACHES),
    images: ImagesSchema.default({ substitutions: [] }),
    dns: z
      .object({
        domain: dnsName.optional().describe("local DNS domain served by Pi-hole; default <name>.lab"),
        upstreams: z.array(resolverAddress).min(1).max(4).default(["1.1.1.1", "9.9.9.9"]),
      })
      .strict()
      .default({ upstreams: ["1.1.1.1", "9.9.9.9"] }),
    gitops: z
      .object({
        repo: z.string().describe("URL of the fleet git repository Flux syncs"),
        secretRef: shortName
          .optional()
          .describe(
            "name of the Secret in cozy-fluxcd holding the repository's credentials (username/password, or identity " +
              "and known_hosts for ssh); the GitRepository references it, the URL never carries them",
          ),
        branch: z
          .string()
          .regex(/^[A-Za-z0-9._/-]+$/, "a git branch name")
          .default("main"),
        path: z
          .string()
          .regex(/^[A-Za-z0-9._/<>-]+$/, "a relative path of letters, digits, '.', '_', '-' and '/'")
          .default("clusters/<name>"),
      })
      .strict()
      .optional(),
    cost: z
      .object({
        freeTier: z
          .enum(["none", "legacy-12-month", "credits"])
          .default("none")
          .describe("which AWS free tier to assume"),
      })
      .strict()
      .default({ freeTier: "none" }),
    budget: z
      .object({
        atRestMonthly: z.number().min(0).default(0.1).describe("USD per month with everything asleep"),
        perSession: z.number().min(0).default(1).describe("USD for one lab session (schedule hours of one day)"),
        monthly: z.number().min(0).default(10).describe("USD per month, AWS Budgets limit"),
        notifyAtPercent: z.number().min(1).max(1000).default(80),
        email: emailAddress.optional().describe("address AWS Budgets notifies"),
      })
      .strict()
      .default({ atRestMonthly: 0.1, perSession: 1, monthly: 10, notifyAtPercent: 80 }),
    acknowledgements: z
      .array(
        z
          .object({
            id: z
              .string()
              .min(1)
              .describe(
                "a check id (t09/...), a validation code, or an image gap from `moonlab images` (image.no-arm64:<registry>/<repository>)",
              ),
            reason: oneLineText(10),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

export type SpecInput = z.input<typeof SpecSchema>;
export type Spec = z.output<typeof SpecSchema>;
export type NodeSpec = z.output<typeof NodeSchema>;
export type NodeCounts = z.output<typeof NodeCountsSchema>;
