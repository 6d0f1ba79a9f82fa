// arm64 in the rehearsal, as far as Debian's packages allow: Debian ships no arm64 iPXE (and none may be committed),
// so the firmware -> TFTP -> iPXE -> matchbox /ipxe legs cannot run for arm64 here. Instead each node is booted with
// qemu-system-aarch64 -kernel/-initrd straight from the files the arm64 profile references in matchbox's assets,
// with exactly the profile's kernel args, on the same namespace, dnsmasq, matchbox and caches: DHCP (static lease),
// the node's own machine config from talos.config=, and pulls through every cache are proven; the iPXE leg is not.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "../errors.ts";
import type { LoadedLab } from "../plan/load-lab.ts";
import { machineConfigYaml } from "../render/talos/machine-config.ts";
import type { LabSecrets } from "../secrets/types.ts";
import { bootNode, type NodeOutcome, type NodeRun, verifyNode } from "./boot.ts";
import { bringUp, sweepStaleNamespaces } from "./environment.ts";
import { killGroup, readLog, type Started } from "./proc.ts";
import {
  inBatches,
  type RehearseOptions,
  seedLabRegistry,
  seedPulls,
  stageRehearsal,
  startPhoneHome,
} from "./rehearse.ts";

export interface DirectRehearsal {
  readonly netns: string;
  readonly workDir: string;
  readonly nodes: readonly NodeOutcome[];
  readonly ok: boolean;
}

export async function rehearseArm64Direct(
  lab: LoadedLab,
  labSecrets: LabSecrets,
  o: Pick<RehearseOptions, "workDir" | "bootTimeoutMs" | "parallel" | "log">,
): Promise<DirectRehearsal> {
  if (lab.plan.arch !== "arm64") throw new UsageError("rehearseArm64Direct needs a spec with arch: arm64");
  await sweepStaleNamespaces();
  const p = await stageRehearsal(lab, labSecrets, o, { directArm64: true });
  const { plan, staged } = p;
  const env = await bringUp(p.netns, staged, {
    bastionAddress: plan.bastion.address,
    prefixLength: plan.network.prefixLength,
    ipv6: plan.network.ipv6,
    taps: staged.nodes.length,
    ...(o.log ? { log: o.log } : {}),
  });
  let ok = false;
  try {
    const inbox = await startPhoneHome(env, p);
    await seedLabRegistry(p);
    const assets = join(staged.root, "srv/moonlab/matchbox/assets");
    const file = (u: string) => join(assets, u.replace(/^\/assets\//, ""));
    const runs: NodeRun[] = staged.nodes.map((node, i) => ({
      node,
      firmware: "direct",
      arch: "arm64",
      tap: env.segment.taps[i] ?? `tap${i}`,
      direct: {
        kind: "direct",
        kernel: file(node.profile.boot.kernel),
        initrd: file(node.profile.boot.initrd[0] ?? ""),
        append: node.profile.boot.args.join(" "),
      },
    }));
    const dnsmasq = staged.services.find((s) => s.role === "dhcp");
    const matchbox = staged.services.find((s) => s.role === "matchbox");
    const booted = await inBatches(runs, o.parallel ?? 2, (r) =>
      bootNode(
        {
          netns: p.netns,
          workDir: p.workDir,
          inbox,
          matchboxLog: matchbox?.logFile ?? "",
          dnsmasqLog: dnsmasq?.logFile,
          timeoutMs: o.bootTimeoutMs ?? 180_000,
          ...(o.log ? { log: o.log } : {}),
          onStarted: (vm: Started) => env.onDown(() => killGroup(vm)),
        },
        r,
      ),
    );
    const logs = { dnsmasq: readLog(dnsmasq?.logFile ?? ""), matchbox: readLog(matchbox?.logFile ?? "") };
    const nodes = runs.map((r, i) => {
      const planNode = plan.nodes.find((n) => n.name === r.node.name);
      return verifyNode(
        r,
        booted[i] ?? { error: "not booted", consoleLog: "" },
        inbox.latest(r.node.mac)?.report,
        logs,
        {
          ...(planNode ? { configText: machineConfigYaml(plan, planNode, p.secrets) } : {}),
          pulls: seedPulls(plan).length,
        },
      );
    });
    ok = nodes.every((n) => n.ok);
    return { netns: p.netns, workDir: p.workDir, nodes, ok };
  } finally {
    await env.down();
    // As in rehearse(): a passing run in a temporary directory leaves nothing; a failing one keeps its logs.
    if (ok && o.workDir === undefined) rmSync(p.workDir, { recursive: true, force: true });
  }
}
