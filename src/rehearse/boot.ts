// Boots the lab's nodes as qemu VMs on the rehearsal segment and proves, per node, that the chain served it its
// own profile: the payload's report (MAC, leased address, kernel command line, machine-config digest) is compared
// with what the rendered bundle says that node must get, and dnsmasq's and matchbox's logs are read for the node.
import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import { type PhoneHomeReport, parseReport } from "./payload.ts";
import { killGroup, readLog, type Started, start, waitFor } from "./proc.ts";
import { type DirectBoot, type Firmware, qemuArgs, qemuBinary, type VmSpec } from "./qemu.ts";
import type { StagedNode } from "./stage.ts";
import { program } from "./tools.ts";

/** Receives phone-home reports (JSON lines from phone-home-server.ts) and hands them out by MAC. */
export class PhoneHomeInbox {
  readonly #reports = new Map<string, { report: PhoneHomeReport; at: number; remote: string }[]>();
  #listening = false;
  #buffer = "";
  constructor(stdout: Readable) {
    stdout.setEncoding("utf8");
    stdout.on("data", (chunk: string) => {
      this.#buffer += chunk;
      for (let nl = this.#buffer.indexOf("\n"); nl >= 0; nl = this.#buffer.indexOf("\n")) {
        const line = this.#buffer.slice(0, nl);
        this.#buffer = this.#buffer.slice(nl + 1);
        this.#take(line, performance.now());
      }
    });
  }
  #take(line: string, at: number): void {
    let msg: { listening?: boolean; remote?: string; body?: string };
    try {
      msg = JSON.parse(line) as typeof msg;
    } catch {
      return;
    }
    if (msg.listening) this.#listening = true;
    if (typeof msg.body === "string") {
      const report = parseReport(msg.body);
      if (!report.mac) return;
      const list = this.#reports.get(report.mac) ?? [];
      list.push({ report, at, remote: msg.remote ?? "" });
      this.#reports.set(report.mac, list);
    }
  }
  get listening(): boolean {
    return this.#listening;
  }
  /** Reports received from this MAC so far. */
  count(mac: string): number {
    return this.#reports.get(mac.toLowerCase())?.length ?? 0;
  }
  /** The most recent report from this MAC, with its arrival time (performance.now()). */
  latest(mac: string): { report: PhoneHomeReport; at: number; remote: string } | undefined {
    return this.#reports.get(mac.toLowerCase())?.at(-1);
  }
}

export interface NodeRun {
  readonly node: StagedNode;
  /** "direct": qemu -kernel/-initrd with the profile's args (arm64: no arm64 iPXE in Debian). */
  readonly firmware: Firmware | "direct";
  readonly tap: string;
  /** Kernel, initramfs and command line of a direct boot. */
  readonly direct?: DirectBoot;
  readonly arch?: "amd64" | "arm64";
}

export interface NodeOutcome {
  readonly name: string;
  readonly mac: string;
  readonly firmware: Firmware | "direct";
  /** qemu start to phone-home, seconds. */
  readonly seconds?: number;
  readonly report?: PhoneHomeReport;
  readonly ok: boolean;
  readonly evidence: readonly string[];
  readonly problems: readonly string[];
  readonly consoleLog: string;
}

export interface BootContext {
  readonly netns: string;
  readonly workDir: string;
  readonly inbox: PhoneHomeInbox | undefined;
  /** Where to wait for a Talos node's config fetch instead of a phone-home (real Talos assets). */
  readonly matchboxLog: string;
  readonly dnsmasqLog: string | undefined;
  readonly timeoutMs: number;
  readonly memoryMb?: number;
  readonly log?: (line: string) => void;
  readonly onStarted?: (p: Started) => void;
}

/** Boots one node and waits for its phone-home (test payload) or its machine-config fetch (Talos). */
export async function bootNode(
  ctx: BootContext,
  r: NodeRun,
): Promise<{ seconds?: number; error?: string; consoleLog: string }> {
  const vm: VmSpec = {
    name: r.node.name,
    mac: r.node.mac,
    tap: r.tap,
    ...(ctx.memoryMb !== undefined ? { memoryMb: ctx.memoryMb } : {}),
    ...(r.arch ? { arch: r.arch } : {}),
    boot: r.firmware === "direct" ? directOf(r) : { kind: "net", firmware: r.firmware },
  };
  const consoleLog = `${ctx.workDir}/${r.node.name}.console.log`;
  const before = ctx.inbox?.count(r.node.mac) ?? 0;
  const p = start(`qemu ${r.node.name}`, program(qemuBinary(r.arch)), qemuArgs(vm, ctx.workDir), {
    netns: ctx.netns,
    logFile: consoleLog,
  });
  ctx.onStarted?.(p);
  ctx.log?.(`booting ${r.node.name} (${r.node.mac}, ${r.firmware})`);
  try {
    const at = await waitFor(
      `${r.node.name} to ${ctx.inbox ? "phone home" : "fetch its machine config"}`,
      () => {
        if (ctx.inbox) return ctx.inbox.count(r.node.mac) > before ? ctx.inbox.latest(r.node.mac)?.at : undefined;
        const encoded = r.node.mac.replace(/:/g, "%3A");
        return readLog(ctx.matchboxLog).includes(`GET /generic?mac=${encoded}`) ? performance.now() : undefined;
      },
      ctx.timeoutMs,
      200,
      () => `qemu ${p.isRunning() ? "still running" : "exited"}; console tail:\n${readLog(consoleLog).slice(-1200)}`,
    );
    return { seconds: (at - p.startedAt) / 1000, consoleLog };
  } catch (e) {
    return { error: (e as Error).message, consoleLog };
  } finally {
    await killGroup(p, 2000);
  }
}

function directOf(r: NodeRun): DirectBoot {
  if (!r.direct) throw new Error(`${r.node.name}: a direct boot needs a kernel, initramfs and command line`);
  return r.direct;
}

export const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

export interface Expectation {
  /** The node's machine config as matchbox serves it (undefined when the rehearsal serves none). */
  readonly configText?: string;
  /** Registry GETs the payload makes through the caches (all must succeed). */
  readonly pulls?: number;
}

/** Everything the node's report and the service logs must show, compared with the rendered bundle. */
export function verifyNode(
  r: NodeRun,
  booted: { seconds?: number; error?: string; consoleLog: string },
  report: PhoneHomeReport | undefined,
  logs: { readonly dnsmasq: string; readonly matchbox: string; readonly tftpRoot?: string },
  expect: Expectation,
): NodeOutcome {
  const { node, firmware } = r;
  const problems: string[] = [];
  const evidence: string[] = [];
  const args = node.profile.boot.args.join(" ");
  if (booted.error) problems.push(booted.error);
  if (report) {
    evidence.push(`${node.name}: phoned home from ${report.ip} after ${booted.seconds?.toFixed(1)} s (${firmware})`);
    if (report.mac !== node.mac) problems.push(`${node.name}: report MAC ${report.mac}, expected ${node.mac}`);
    if (report.ip !== node.address)
      problems.push(`${node.name}: leased ${report.ip}, expected its static lease ${node.address}`);
    else evidence.push(`${node.name}: got its static lease ${node.address}`);
    // iPXE's EFI loader (Debian's 2019 build) passes the image name as the first word of the kernel's load
    // options, so a UEFI boot sees `kernel-amd64 initrd=...`; Talos reads its args the same way and ignores it.
    const image = node.profile.boot.kernel.split("/").pop() ?? "";
    const cmdline =
      firmware === "uefi" && report.cmdline.startsWith(`${image} `)
        ? report.cmdline.slice(image.length + 1)
        : report.cmdline;
    if (cmdline !== args)
      problems.push(`${node.name}: booted with\n  ${report.cmdline}\nexpected its profile's args\n  ${args}`);
    else
      evidence.push(
        `${node.name}: kernel command line = profile ${node.profile.id} args (${node.profile.boot.args.length})`,
      );
    if (expect.configText !== undefined) {
      const want = sha256(expect.configText);
      if (report.configSha256 !== want)
        problems.push(
          `${node.name}: machine config from ${report.configUrl || "(no talos.config)"} has sha256 ${report.configSha256 || "(not fetched)"}, expected ${want}`,
        );
      else
        evidence.push(
          `${node.name}: fetched its own machine config (${report.configBytes} bytes, sha256 ${want.slice(0, 12)}…)`,
        );
    }
    if (expect.pulls !== undefined && expect.pulls > 0) {
      if (report.pulls !== `${expect.pulls}/${expect.pulls}`)
        problems.push(
          `${node.name}: pulled ${report.pulls || "nothing"} of ${expect.pulls} seed image requests through the caches`,
        );
      else evidence.push(`${node.name}: pulled the seed image through the caches (${report.pulls} requests)`);
    }
  } else if (!booted.error)
    evidence.push(`${node.name}: fetched its machine config after ${booted.seconds?.toFixed(1)} s`);
  const ack = new RegExp(`DHCPACK\\(\\S+\\) ${escapeRe(node.address)} ${escapeRe(node.mac)}`);
  if (ack.test(logs.dnsmasq)) evidence.push(`${node.name}: dnsmasq logged DHCPACK ${node.address} ${node.mac}`);
  else problems.push(`${node.name}: dnsmasq logged no DHCPACK for ${node.mac} -> ${node.address}`);
  const assets = firmware === "direct" ? [] : [node.profile.boot.kernel, ...node.profile.boot.initrd];
  if (firmware === "direct") evidence.push(`${node.name}: direct kernel boot (kernel and initramfs not fetched)`);
  for (const asset of assets) {
    if (logs.matchbox.includes(`HTTP GET ${asset}`)) evidence.push(`${node.name}: matchbox served ${asset}`);
    else problems.push(`${node.name}: matchbox did not log GET ${asset}`);
  }
  if (firmware === "uefi") {
    const sent = new RegExp(`sent \\S*/ipxe\\.efi to ${escapeRe(node.address)}\\b`);
    if (sent.test(logs.dnsmasq)) evidence.push(`${node.name}: dnsmasq sent ipxe.efi over TFTP`);
    else problems.push(`${node.name}: dnsmasq did not send ipxe.efi over TFTP to ${node.address}`);
  }
  return {
    name: node.name,
    mac: node.mac,
    firmware,
    ...(booted.seconds !== undefined ? { seconds: booted.seconds } : {}),
    ...(report ? { report } : {}),
    ok: problems.length === 0,
    evidence,
    problems,
    consoleLog: booted.consoleLog,
  };
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
