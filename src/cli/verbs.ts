// The verbs of the CLI, with what `--help` shows, so that main.ts imports only the one command module a run needs:
// importing every command (aws-cdk-lib, the AWS SDK, listr2, ...) made `--help` and `validate` cost 1.3 s of CPU.
// src/cli/verbs.test.ts proves each description here is the one its module registers.
import type { Command } from "commander";

export interface Verb {
  readonly name: string;
  readonly description: string;
  /** Other names a user types, e.g. CDK's: synth, deploy, destroy. */
  readonly aliases?: readonly string[];
  readonly load: () => Promise<{ register(program: Command): void }>;
}

export const VERBS: readonly Verb[] = [
  {
    name: "init",
    description: "write lab.yaml for a target (home, local or aws)",
    load: () => import("./commands/init.ts"),
  },
  {
    name: "validate",
    description: "validate a lab spec and print every problem with its path and a fix",
    load: () => import("./commands/validate.ts"),
  },
  {
    name: "plan",
    description: "validate, render every artifact family into --out, and run the plan-mode acceptance checks",
    aliases: ["synth"],
    load: () => import("./commands/plan.ts"),
  },
  {
    name: "test",
    description: "run the acceptance suite: plan mode over the rendered artifacts, and live mode with --live",
    load: () => import("./commands/test.ts"),
  },
  { name: "schema", description: "print the JSON Schema of lab.yaml", load: () => import("./commands/schema.ts") },
  {
    name: "explain",
    description: "print what a check or a test (T03) asserts and why (no id: the suite, grouped by test)",
    load: () => import("./commands/explain.ts"),
  },
  {
    name: "up",
    description: "create or update the lab's AWS stack through a change set (resumable); nothing is woken",
    aliases: ["deploy"],
    load: () => import("./commands/up.ts"),
  },
  {
    name: "diff",
    description: "show the change set `up` would execute and highlight any widening of network exposure",
    load: () => import("./commands/diff.ts"),
  },
  {
    name: "wake",
    description: "bring the lab up: bastion, machine configs, nodes, etcd, kubeconfig, CozyStack, Flux, live suite",
    load: () => import("./commands/wake.ts"),
  },
  {
    name: "doctor",
    description:
      "list the operator tools wake needs (talosctl, kubectl, helm, bash; session-manager-plugin when the bastion is reached over SSM): wanted and found versions",
    load: () => import("./commands/doctor.ts"),
  },
  {
    name: "images",
    description:
      "every image the lab runs, by component, with the platforms its registry lists; exit 1 while a gap is neither acknowledged nor substituted",
    load: () => import("./commands/images.ts"),
  },
  {
    name: "report",
    description:
      "write a static, self-contained HTML report of the lab to <out>/report/ (diagram, acceptance suite with evidence and history, cost chart, timings)",
    load: () => import("./commands/report.ts"),
  },
  {
    name: "talk",
    description:
      "write a reveal.js slide deck of the lab to <out>/talk/ (opens offline; ?print-pdf prints it) with a demo script",
    load: () => import("./commands/talk.ts"),
  },
  {
    name: "moonlander",
    description: "Moonlander: Landings (moons.urmanac.com/v1alpha1) wire guest clusters to the lab cluster",
    load: () => import("./commands/moonlander.ts"),
  },
  {
    name: "bastion",
    description: "the running bastion: deliver what the rendered tree must not hold",
    load: () => import("./commands/bastion.ts"),
  },
  {
    name: "sleep",
    description: "put the lab to sleep now: AWS bastion group 0 and nodes terminated; home nodes shut down",
    load: () => import("./commands/sleep.ts"),
  },
  {
    name: "status",
    description: "show the lab's stack, bastion group and schedule, and every node's state and purchase option",
    load: () => import("./commands/status.ts"),
  },
  {
    name: "down",
    description: "delete the lab's stack, sweep what its tag still marks, and prove that nothing tagged remains",
    aliases: ["destroy"],
    load: () => import("./commands/down.ts"),
  },
  {
    name: "secrets",
    description: "the lab's Talos secrets bundle (generated once, age-encrypted in <spec dir>/.moonlab/<lab>/)",
    load: () => import("./commands/secrets.ts"),
  },
  {
    name: "schematic",
    description: "Image Factory schematics, IDs computed offline",
    load: () => import("./commands/schematic.ts"),
  },
  {
    name: "demo",
    description: "the demo Spin app (TypeScript -> WebAssembly component -> OCI artifact -> the lab's registry)",
    load: () => import("./commands/demo.ts"),
  },
  {
    name: "cost",
    description: "price the lab item by item: at rest, one session, a month, and the NAT gateway and EKS variants",
    load: () => import("./commands/cost.ts"),
  },
  {
    name: "bench-cost",
    description: "benchmark: lab-hour cost vs the fleet on all month, with a NAT gateway, and on EKS",
    load: () => import("./commands/bench-cost.ts"),
  },
  {
    name: "bench-plan",
    description: "benchmark: plan vs a bare in-process CDK synth of the same stack, and the CPU of --help and validate",
    load: () => import("./commands/bench-plan.ts"),
  },
  {
    name: "gitops",
    description: "the lab's GitOps tree (CozyStack, Flux, SpinKube, demo app)",
    load: () => import("./commands/gitops.ts"),
  },
  {
    name: "rehearse",
    description:
      "bring the local target's bastion bundle up in a network namespace (dnsmasq, matchbox, registry caches) and netboot its nodes as qemu VMs through it, then run the live T03/T04 checks (root)",
    load: () => import("./commands/rehearse.ts"),
  },
  {
    name: "bench-boot",
    description:
      "time qemu start -> phone-home through dnsmasq -> iPXE -> matchbox vs a direct -kernel boot of the same payload (root)",
    load: () => import("./commands/bench-boot.ts"),
  },
];

/** The verb a name or alias selects. */
export function findVerb(name: string | undefined): Verb | undefined {
  if (name === undefined) return undefined;
  return VERBS.find((v) => v.name === name || v.aliases?.includes(name));
}

/** Registers one verb's real command (its module loaded) with its aliases. */
export async function registerVerb(program: Command, verb: Verb): Promise<void> {
  (await verb.load()).register(program);
  const cmd = program.commands.find((c) => c.name() === verb.name);
  if (cmd && verb.aliases) for (const a of verb.aliases) cmd.alias(a);
}

/** Registers every verb as a name and description only: enough for `--help` and for suggesting a verb. */
export function registerOutlines(program: Command): void {
  for (const v of VERBS) {
    const cmd = program.command(v.name).description(v.description);
    for (const a of v.aliases ?? []) cmd.alias(a);
  }
}
