// `moonlab rehearse`: the local target's bastion bundle brought up with the real programs in a private network
// namespace, the spec's nodes netbooted through it as qemu VMs, each node's boot compared with what the bundle
// says it must get, then the live T03/T04 checks against this local bastion, and everything torn down.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ArtifactTree } from "../artifacts/tree.ts";
import type { Result } from "../checks/result.ts";
import { loadChecks, runLive } from "../checks/run-suite.ts";
import { SUITE } from "../checks/suite.ts";
import { UsageError } from "../errors.ts";
import type { LoadedLab } from "../plan/load-lab.ts";
import type { Plan } from "../plan/types.ts";
import { renderBastion } from "../render/bastion/index.ts";
import { bastionSecretFiles } from "../render/bastion/secret-files.ts";
import { machineConfigYaml } from "../render/talos/machine-config.ts";
import { talosSecrets } from "../secrets/derive.ts";
import { generateSecrets, systemClock, systemRandom } from "../secrets/generate.ts";
import { resolveSecrets } from "../secrets/resolve.ts";
import { secretsPaths } from "../secrets/store.ts";
import type { LabSecrets } from "../secrets/types.ts";
import { bootNode, type NodeOutcome, type NodeRun, PhoneHomeInbox, verifyNode } from "./boot.ts";
import { bringUp, type Environment, rehearsalNetnsName, sweepStaleNamespaces } from "./environment.ts";
import { DNS_UNAVAILABLE, localBastionPort, netnsHttpPort } from "./local-ports.ts";
import { buildPayloadInitramfs } from "./payload.ts";
import { killGroup, readLog, type Started, start, waitFor } from "./proc.ts";
import type { Firmware } from "./qemu.ts";
import { pullRequests, pushSeedImage, seedImage } from "./seed-image.ts";
import { type Staged, stageBundle } from "./stage.ts";
import { bootPayloadDir, busybox } from "./tools.ts";

export type FirmwareChoice = Firmware | "mixed";

export interface RehearseOptions {
  /** bios (NIC ROM iPXE), uefi (OVMF PXE -> TFTP ipxe.efi -> iPXE) or mixed (alternating, the default). */
  readonly firmware?: FirmwareChoice;
  /** Leave everything running after the checks until SIGINT/SIGTERM. */
  readonly keep?: boolean;
  /** Work directory (default: a fresh temporary directory, removed afterwards unless the rehearsal failed). */
  readonly workDir?: string;
  /** A directory in fetch-boot-assets.sh's layout (talos/<version>/<schematic>/...): boot real Talos. */
  readonly talosAssets?: string;
  /** Per node, qemu start to phone-home (default 180 s). */
  readonly bootTimeoutMs?: number;
  /** VMs booting at once (default 2: what fits a 2-core machine under TCG). */
  readonly parallel?: number;
  /** Run the live T03/T04 checks (default true). */
  readonly checks?: boolean;
  readonly log?: (line: string) => void;
  /** With keep: called with the report while everything is still running. */
  readonly onKept?: (report: RehearsalReport) => void;
}

export interface RehearsalReport {
  readonly lab: string;
  readonly netns: string;
  readonly workDir: string;
  readonly workDirKept: boolean;
  readonly payload: "test" | "talos";
  readonly services: readonly string[];
  readonly skipped: readonly { readonly name: string; readonly why: string }[];
  readonly nodes: readonly NodeOutcome[];
  readonly checks: readonly Result[];
  readonly ok: boolean;
}

/** Port of the phone-home receiver inside the namespace: one the bundle's services do not use. */
export function phoneHomePort(plan: Plan): number {
  const used = new Set<number>([
    plan.services.matchbox.port,
    plan.services.registry.port,
    plan.services.dns.port,
    ...plan.caches.map((c) => c.port),
  ]);
  let port = 8099;
  while (used.has(port)) port++;
  return port;
}

export function assertRehearsable(plan: Plan): void {
  if (plan.target !== "local")
    throw new UsageError(
      `rehearse needs a spec with target: local (this one is ${plan.target}); see examples/local.lab.yaml`,
    );
  if (plan.arch !== "amd64")
    throw new UsageError(
      "the netboot chain is rehearsed for arch: amd64; arm64 has no iPXE in Debian, so `moonlab rehearse` boots arm64 " +
        "nodes directly from their profile's assets instead (rehearseArm64Direct, docs/rehearse.md)",
    );
  if (plan.network.dhcp.mode !== "full")
    throw new UsageError(
      "rehearse owns its private segment: the local spec needs network.dhcp.mode: full with a range",
    );
}

/**
 * The lab's stored secrets when it has a bundle; otherwise none (rehearsalSecrets then makes throwaway ones): a
 * rehearsal must not create a lab's one-and-only secrets bundle as a side effect.
 */
export async function storedSecrets(lab: LoadedLab): Promise<LabSecrets> {
  if (!existsSync(secretsPaths(lab.specDir, lab.plan.lab, process.env).bundle)) return {};
  return resolveSecrets(lab);
}

/** The lab's secrets, or throwaway Talos secrets generated in memory when the lab has none yet. */
export async function rehearsalSecrets(secrets: LabSecrets): Promise<{ secrets: LabSecrets; throwaway: boolean }> {
  if (secrets.talos) return { secrets, throwaway: false };
  const bundle = await generateSecrets({ clock: systemClock, random: systemRandom });
  return { secrets: { ...secrets, talos: await talosSecrets(bundle) }, throwaway: true };
}

export function firmwareFor(choice: FirmwareChoice, index: number): Firmware {
  if (choice === "mixed") return index % 2 === 0 ? "bios" : "uefi";
  return choice;
}

export interface Prepared {
  readonly plan: Plan;
  readonly secrets: LabSecrets;
  readonly staged: Staged;
  readonly workDir: string;
  readonly netns: string;
  readonly phoneHome: string;
}

/** Renders the bundle and lays it out with the payload under the work directory. No processes yet. */
export async function stageRehearsal(
  lab: LoadedLab,
  labSecrets: LabSecrets,
  o: RehearseOptions,
  mode: { readonly directArm64?: boolean } = {},
): Promise<Prepared> {
  const plan = lab.plan;
  // arm64 is only booted directly (arm64.ts): everything but the firmware and iPXE legs of the chain.
  assertRehearsable(mode.directArm64 && plan.arch === "arm64" ? { ...plan, arch: "amd64" } : plan);
  const { secrets, throwaway } = await rehearsalSecrets(labSecrets);
  if (throwaway) o.log?.("no Talos secrets for this lab yet: serving machine configs built from throwaway secrets");
  const workDir = o.workDir ?? mkdtempSync(join(tmpdir(), "moonlab-rehearse-"));
  mkdirSync(workDir, { recursive: true });
  // dnsmasq drops root and must still read its TFTP root under here.
  chmodSync(workDir, 0o755);
  const port = phoneHomePort(plan);
  const phoneHome = `http://${plan.bastion.address}:${port}/phone-home`;
  const arch = plan.arch === "amd64" ? "amd64" : "arm64";
  const payload =
    o.talosAssets !== undefined
      ? ({ kind: "talos", dir: o.talosAssets } as const)
      : (() => {
          const p = bootPayloadDir(arch);
          const initramfs = buildPayloadInitramfs({
            busybox: busybox(arch),
            modulesDir: p.modules,
            phoneHomeUrl: phoneHome,
            pulls: seedPulls(plan),
          });
          return { kind: "test", kernel: p.kernel, initramfs } as const;
        })();
  const staged = stageBundle({
    root: join(workDir, "root"),
    bastionAddress: plan.bastion.address,
    labRegistryUrl: plan.services.registry.url,
    nodes: plan.nodes,
    tree: new ArtifactTree(renderBastion(plan, secrets, {})),
    secretFiles: bastionSecretFiles(plan, secrets),
    payload,
  });
  return { plan, secrets, staged, workDir, netns: rehearsalNetnsName(), phoneHome };
}

/** The seed image pulled through every cache: each cache logs manifest + blob pulls from the node's address. */
export function seedPulls(plan: Plan): { url: string; accept: string }[] {
  const img = seedImage();
  return plan.caches.flatMap((c) => pullRequests(c.endpoint, img));
}

/** Pushes the seed image into the lab registry, the caches' upstream inside the namespace. */
export async function seedLabRegistry(p: Prepared): Promise<void> {
  await pushSeedImage(p.netns, p.plan.services.registry.url, seedImage(), join(p.workDir, "seed"));
}

/** Starts the phone-home receiver inside the namespace; its teardown is registered on the environment. */
export async function startPhoneHome(env: Environment, p: Prepared): Promise<PhoneHomeInbox> {
  const url = new URL(p.phoneHome);
  const server = start(
    "phone-home",
    process.execPath,
    [join(import.meta.dirname, "phone-home-server.ts"), url.hostname, url.port],
    { netns: p.netns, logFile: join(p.workDir, "phone-home.log"), pipeStdout: true },
  );
  env.onDown(() => killGroup(server));
  const stdout = server.child.stdout;
  if (!stdout) throw new Error("phone-home server has no stdout");
  const inbox = new PhoneHomeInbox(stdout);
  await waitFor(
    "the phone-home server",
    () => (inbox.listening ? true : undefined),
    15_000,
    100,
    () => readLog(join(p.workDir, "phone-home.log")),
  );
  return inbox;
}

export async function rehearse(
  lab: LoadedLab,
  labSecrets: LabSecrets,
  o: RehearseOptions = {},
): Promise<RehearsalReport> {
  const log = o.log ?? (() => {});
  const swept = await sweepStaleNamespaces();
  if (swept.length > 0) log(`removed namespaces left by killed rehearsals: ${swept.join(", ")}`);
  const p = await stageRehearsal(lab, labSecrets, o);
  const { plan, staged } = p;
  log(`work dir ${p.workDir}, namespace ${p.netns}`);
  let ok = false;
  let env: Environment | undefined;
  try {
    env = await bringUp(p.netns, staged, {
      bastionAddress: plan.bastion.address,
      prefixLength: plan.network.prefixLength,
      ipv6: plan.network.ipv6,
      taps: staged.nodes.length,
      log,
    });
    const inbox = o.talosAssets === undefined ? await startPhoneHome(env, p) : undefined;
    if (inbox) await seedLabRegistry(p);
    const runs: NodeRun[] = staged.nodes.map((node, i) => ({
      node,
      firmware: firmwareFor(o.firmware ?? "mixed", i),
      tap: env?.segment.taps[i] ?? `tap${i}`,
    }));
    const dnsmasq = staged.services.find((s) => s.role === "dhcp");
    const matchbox = staged.services.find((s) => s.role === "matchbox");
    if (!dnsmasq || !matchbox) throw new Error("the staged bundle lacks dnsmasq or matchbox");
    const ctx = {
      netns: p.netns,
      workDir: p.workDir,
      inbox,
      matchboxLog: matchbox.logFile,
      dnsmasqLog: dnsmasq.logFile,
      timeoutMs: o.bootTimeoutMs ?? 180_000,
      log,
      // VMs join the teardown too, so a signal during the boot kills them with everything else.
      onStarted: (vm: Started) => env?.onDown(() => killGroup(vm)),
    };
    const booted = await inBatches(runs, o.parallel ?? 2, (r) => bootNode(ctx, r));
    const logs = { dnsmasq: readLog(dnsmasq.logFile), matchbox: readLog(matchbox.logFile) };
    const nodes = runs.map((r, i) => {
      const planNode = plan.nodes.find((n) => n.name === r.node.name);
      const configText = planNode && inbox ? machineConfigYaml(plan, planNode, p.secrets) : undefined;
      const b = booted[i] ?? { error: "not booted", consoleLog: "" };
      return verifyNode(r, b, inbox?.latest(r.node.mac)?.report, logs, {
        ...(configText !== undefined ? { configText } : {}),
        ...(inbox ? { pulls: seedPulls(plan).length } : {}),
      });
    });
    for (const n of nodes)
      log(`${n.name}: ${n.ok ? "ok" : "FAILED"}${n.seconds ? ` in ${n.seconds.toFixed(1)} s` : ""}`);

    let checks: Result[] = [];
    if (o.checks !== false) {
      const ids = SUITE.filter((id) => id.startsWith("t03/") || id.startsWith("t04/"));
      const logsByService = new Map(staged.services.map((s) => [s.name, s.logFile]));
      const live = await runLive(loadChecks(ids), {
        plan,
        ports: { bastion: localBastionPort(p.netns, staged.root, logsByService), http: netnsHttpPort(p.netns) },
      });
      // A check that needs Pi-hole cannot be evaluated here: say so instead of counting it as an error.
      checks = live.map((c) =>
        c.status === "error" && c.reason?.includes(DNS_UNAVAILABLE)
          ? { ...c, status: "not-applicable", reason: `not rehearsed: ${c.reason}` }
          : c,
      );
    }
    ok = nodes.every((n) => n.ok) && checks.every((c) => c.status !== "fail" && c.status !== "error");
    writeFileSync(join(p.workDir, "report.json"), `${JSON.stringify({ nodes, checks }, null, 2)}\n`);
    const report: RehearsalReport = {
      lab: plan.lab,
      netns: p.netns,
      workDir: p.workDir,
      workDirKept: !ok || o.workDir !== undefined || o.keep === true,
      payload: o.talosAssets !== undefined ? "talos" : "test",
      services: staged.services.map((s) => s.name),
      skipped: staged.skipped,
      nodes,
      checks,
      ok,
    };
    if (o.keep) {
      o.onKept?.(report);
      log(`kept running: namespace ${p.netns}, work dir ${p.workDir}; press Ctrl-C to tear down`);
      await new Promise<void>(() => {
        // never resolves: the environment's signal handler tears everything down and exits
      });
    }
    return report;
  } finally {
    await env?.down();
    // Logs stay for a failed run (and when the caller chose the directory); a passing temporary run leaves nothing.
    if (ok && o.workDir === undefined && !o.keep) rmSync(p.workDir, { recursive: true, force: true });
  }
}

/** Runs `f` over items with at most `n` at once, keeping order. */
export async function inBatches<T, R>(items: readonly T[], n: number, f: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      const item = items[i] as T;
      out[i] = await f(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(n, items.length)) }, worker));
  return out;
}
