// The boot benchmark: one node, same payload, measured in one run as (a) qemu start -> phone-home through the whole
// chain (DHCP -> [TFTP ipxe.efi] -> iPXE -> matchbox /boot.ipxe -> /ipxe -> kernel + initramfs over HTTP) and
// (b) qemu start -> phone-home with `-kernel/-initrd/-append` (no network boot; the payload still does DHCP and
// fetches its machine config). The ratio is the cost of netbooting. Runs one VM at a time so they do not compete.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { LoadedLab } from "../plan/load-lab.ts";
import type { LabSecrets } from "../secrets/types.ts";
import { bootNode, type PhoneHomeInbox } from "./boot.ts";
import { bringUp, sweepStaleNamespaces } from "./environment.ts";
import { killGroup, readLog, type Started, start, waitFor } from "./proc.ts";
import { type Firmware, qemuArgs } from "./qemu.ts";
import { seedLabRegistry, stageRehearsal, startPhoneHome } from "./rehearse.ts";
import { program } from "./tools.ts";

export interface BenchRound {
  readonly chainSeconds: number;
  readonly directSeconds: number;
}

export interface BenchResult {
  readonly node: string;
  readonly firmware: Firmware;
  readonly rounds: readonly BenchRound[];
  /** Medians over the rounds. */
  readonly chainSeconds: number;
  readonly directSeconds: number;
  readonly ratio: number;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}

async function directBoot(
  netns: string,
  workDir: string,
  inbox: PhoneHomeInbox,
  node: { name: string; mac: string },
  boot: { kernel: string; initrd: string; append: string },
  timeoutMs: number,
  onStarted: (p: Started) => void,
): Promise<number> {
  const log = join(workDir, `${node.name}.direct.console.log`);
  const p = start(
    `qemu ${node.name} direct`,
    program("qemu-system-x86_64"),
    qemuArgs({ name: `${node.name}-direct`, mac: node.mac, tap: "tap0", boot: { kind: "direct", ...boot } }, workDir),
    { netns, logFile: log },
  );
  onStarted(p);
  try {
    const before = inbox.count(node.mac);
    const at = await waitFor(
      `${node.name} (direct boot) to phone home`,
      () => (inbox.count(node.mac) > before ? inbox.latest(node.mac)?.at : undefined),
      timeoutMs,
      100,
      () => readLog(log).slice(-1200),
    );
    return (at - p.startedAt) / 1000;
  } finally {
    await killGroup(p, 2000);
  }
}

export async function benchBoot(
  lab: LoadedLab,
  secrets: LabSecrets,
  o: {
    readonly firmware?: Firmware;
    readonly rounds?: number;
    readonly log?: (l: string) => void;
    readonly workDir?: string;
  },
): Promise<BenchResult> {
  const log = o.log ?? (() => {});
  await sweepStaleNamespaces();
  const p = await stageRehearsal(lab, secrets, { ...(o.workDir ? { workDir: o.workDir } : {}), log });
  const node = p.staged.nodes[0];
  if (!node) throw new Error("the spec has no nodes");
  const firmware = o.firmware ?? "bios";
  const env = await bringUp(p.netns, p.staged, {
    bastionAddress: p.plan.bastion.address,
    prefixLength: p.plan.network.prefixLength,
    ipv6: p.plan.network.ipv6,
    taps: 1,
    log,
  });
  try {
    const inbox = await startPhoneHome(env, p);
    await seedLabRegistry(p);
    const assets = join(p.staged.root, "srv/moonlab/matchbox/assets");
    const rel = (u: string) => join(assets, u.replace(/^\/assets\//, ""));
    const direct = {
      kernel: rel(node.profile.boot.kernel),
      initrd: rel(node.profile.boot.initrd[0] ?? ""),
      append: node.profile.boot.args.join(" "),
    };
    const matchbox = p.staged.services.find((s) => s.role === "matchbox");
    const dnsmasq = p.staged.services.find((s) => s.role === "dhcp");
    const rounds: BenchRound[] = [];
    for (let i = 0; i < (o.rounds ?? 1); i++) {
      const chain = await bootNode(
        {
          netns: p.netns,
          workDir: p.workDir,
          inbox,
          matchboxLog: matchbox?.logFile ?? "",
          dnsmasqLog: dnsmasq?.logFile,
          timeoutMs: 240_000,
          log,
          onStarted: (vm) => env.onDown(() => killGroup(vm)),
        },
        { node, firmware, tap: "tap0" },
      );
      if (chain.error || chain.seconds === undefined) throw new Error(`chain boot failed: ${chain.error}`);
      log(`round ${i + 1}: chain ${chain.seconds.toFixed(1)} s`);
      const directSeconds = await directBoot(p.netns, p.workDir, inbox, node, direct, 120_000, (vm) =>
        env.onDown(() => killGroup(vm)),
      );
      log(`round ${i + 1}: direct ${directSeconds.toFixed(1)} s`);
      rounds.push({ chainSeconds: chain.seconds, directSeconds });
    }
    const chainSeconds = median(rounds.map((r) => r.chainSeconds));
    const directSeconds = median(rounds.map((r) => r.directSeconds));
    const result = {
      node: node.name,
      firmware,
      rounds,
      chainSeconds,
      directSeconds,
      ratio: chainSeconds / directSeconds,
    };
    writeFileSync(join(p.workDir, "bench.json"), `${JSON.stringify(result, null, 2)}\n`);
    return result;
  } finally {
    await env.down();
  }
}
