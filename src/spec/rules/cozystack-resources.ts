// CozyStack's documented minimum per node, and the platform variants each release accepts.
//
// Minimum ("Minimal" tab, the smallest configuration CozyStack documents): 3 hosts, each with 8 CPU cores, 24 GB
// RAM and a 50 GB primary disk. Source: cozystack/website content/en/docs/v1.6/install/_include/
// hardware-config-tabs.md (included by docs/v1.6/install/hardware-requirements.md, "Hardware requirements").
// Variants: cozystack v1.6.2 cmd/cozystack-operator/main.go builds the PackageSource cozystack.cozystack-platform
// with variants default, isp-full, isp-hosted, isp-full-generic (isp-full is the Talos one); the v0 line selects a
// bundle (packages/core/platform/bundles/*.yaml at v0.41.x).
import { findCozystack } from "../../versions/matrix.ts";
import { issue, type SpecIssue } from "../issue.ts";
import { resolveNodes } from "../nodes.ts";
import type { Spec } from "../schema.ts";
import type { Rule } from "./rule.ts";

export const COZYSTACK_MINIMUM = { hosts: 3, vcpu: 8, memoryGiB: 24, diskGb: 50 } as const;

export const COZYSTACK_VARIANTS: Readonly<Record<"v0" | "v1", readonly string[]>> = {
  v1: ["default", "isp-full", "isp-hosted", "isp-full-generic"],
  v0: ["paas-full", "paas-hosted", "distro-full", "distro-hosted"],
};

/** The smallest EC2 type per architecture that meets the minimum (8 vCPU, 32 GiB). */
export const SMALLEST_SUFFICIENT: Readonly<Record<Spec["arch"], string>> = {
  arm64: "t4g.2xlarge",
  amd64: "t3.2xlarge",
};

const T_SIZES: Record<string, [number, number]> = {
  nano: [2, 0.5],
  micro: [2, 1],
  small: [2, 2],
  medium: [2, 4],
  large: [2, 8],
  xlarge: [4, 16],
  "2xlarge": [8, 32],
};
const VCPU_BY_SIZE: Record<string, number> = {
  medium: 1,
  large: 2,
  xlarge: 4,
  "2xlarge": 8,
  "4xlarge": 16,
  "8xlarge": 32,
  "12xlarge": 48,
  "16xlarge": 64,
  "24xlarge": 96,
  metal: 64,
};
/** GiB of memory per vCPU of the general-purpose (m), compute (c) and memory (r) families. */
const GIB_PER_VCPU: Record<string, number> = { m: 4, c: 2, r: 8 };

/** vCPU and GiB of an EC2 instance type, from the AWS instance-type tables; undefined when not in the table. */
export function instanceSize(type: string): { vcpu: number; memoryGiB: number } | undefined {
  const m = /^([a-z]+)(\d+)([a-z]*)\.([a-z0-9]+)$/.exec(type);
  if (!m) return undefined;
  const [, family = "", , , size = ""] = m;
  if (family === "t") {
    const t = T_SIZES[size];
    return t ? { vcpu: t[0], memoryGiB: t[1] } : undefined;
  }
  const perVcpu = GIB_PER_VCPU[family];
  const vcpu = VCPU_BY_SIZE[size];
  if (perVcpu === undefined || vcpu === undefined) return undefined;
  return { vcpu, memoryGiB: vcpu * perVcpu };
}

/** The variant must be one the release's platform PackageSource (v1) or bundle list (v0) has. */
export const cozystackVariantRule: Rule = (spec) => {
  const out: SpecIssue[] = [];
  const release = findCozystack(spec.cozystack.version);
  if (release && !COZYSTACK_VARIANTS[release.line].includes(spec.cozystack.variant))
    out.push(
      issue("cozystack.variant-unknown", "cozystack.variant", `CozyStack ${release.version} has no such variant`, {
        received: spec.cozystack.variant,
        allowed: COZYSTACK_VARIANTS[release.line].join(", "),
        fix: release.line === "v1" ? "use isp-full (Talos nodes)" : "use paas-full",
      }),
    );
  return out;
};

/** Nodes below CozyStack's documented minimum: a warning that blocks until acknowledged (NEEDS_ACK). */
export const cozystackResourcesRule: Rule = (spec) => {
  const out: SpecIssue[] = [];
  const nodes = resolveNodes(spec);
  const min = COZYSTACK_MINIMUM;
  const need = `CozyStack's documented minimum is ${min.hosts} hosts of ${min.vcpu} CPU cores, ${min.memoryGiB} GB RAM and a ${min.diskGb} GB primary disk`;
  if (nodes.length < min.hosts)
    out.push(
      issue("cozystack.below-minimum-resources", "nodes", `${nodes.length} node(s): ${need}`, {
        received: nodes.length,
        severity: "warning",
        fix: `run at least ${min.hosts} nodes, or acknowledge it with a reason`,
      }),
    );
  // Instance types and volumes size the nodes only on AWS; at home the machines are what they are.
  if (spec.target !== "aws") return out;
  const seen = new Set<string>();
  for (const n of nodes) {
    const at = (field: string) => (n.specIndex === undefined ? `nodes.${field}` : `nodes[${n.specIndex}].${field}`);
    const size = instanceSize(n.instanceType);
    if (size && (size.vcpu < min.vcpu || size.memoryGiB < min.memoryGiB) && !seen.has(at("instanceType"))) {
      seen.add(at("instanceType"));
      out.push(
        issue(
          "cozystack.below-minimum-resources",
          at("instanceType"),
          `${n.instanceType} has ${size.vcpu} vCPU and ${size.memoryGiB} GiB: ${need}`,
          {
            received: n.instanceType,
            allowed: `${min.vcpu}+ vCPU and ${min.memoryGiB}+ GiB, e.g. ${SMALLEST_SUFFICIENT[spec.arch]}`,
            severity: "warning",
            fix: `use ${SMALLEST_SUFFICIENT[spec.arch]} or larger, or acknowledge it with a reason`,
          },
        ),
      );
    }
    if (n.volumeGb < min.diskGb && !seen.has(at("volumeGb"))) {
      seen.add(at("volumeGb"));
      out.push(
        issue("cozystack.below-minimum-resources", at("volumeGb"), `a ${n.volumeGb} GB root volume: ${need}`, {
          received: n.volumeGb,
          allowed: `${min.diskGb}+`,
          severity: "warning",
          fix: `set volumeGb to ${min.diskGb} or more, or acknowledge it with a reason`,
        }),
      );
    }
  }
  return out;
};
