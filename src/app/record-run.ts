// Keeps what `moonlab test`, `moonlab rehearse` and `moonlab bench-boot` found under .moonlab/<lab>/ (runs/ and
// timings/), so `moonlab report` can show them as history. One file per run, named by its time; never rewritten.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { LiveOptions } from "../adapters/live-ports.ts";
import { type Result, summarize } from "../checks/result.ts";
import { loadLab } from "../plan/load-lab.ts";
import type { Plan } from "../plan/types.ts";
import { recordFileName } from "../present/records.ts";
import type { BenchResult } from "../rehearse/bench.ts";
import type { RehearsalReport } from "../rehearse/rehearse.ts";
import { labStateDir } from "./present-lab.ts";

function write(dir: string, name: string, body: unknown): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, `${JSON.stringify(body, null, 2)}\n`, { flag: "wx" });
  return path;
}

/** What the live checks of a run saw the world through, one line per port, from the options that built them. */
export function againstOf(plan: Plan, o: LiveOptions & { readonly live: boolean }): string[] {
  if (!o.live) return [];
  const out: string[] = [];
  if (plan.target === "aws")
    out.push(o.endpointUrl ? `AWS API emulator at ${o.endpointUrl} (not real AWS)` : `real AWS, ${plan.region}`);
  if (o.kubeconfig) out.push(`Kubernetes API from ${o.kubeconfig}`);
  if (o.talosconfig) out.push(`Talos API from ${o.talosconfig}`);
  if (o.bastionSsh) out.push(`bastion over SSH ${o.bastionSsh}`);
  if (o.bastionLocal) out.push("bastion: this machine");
  if (o.probeSsh) out.push("SSH reachability probe of the bastion");
  return out;
}

export function recordTestRun(
  stateDir: string,
  plan: Plan,
  results: readonly Result[],
  mode: string,
  against: readonly string[],
  now: Date = new Date(),
): string {
  const recordedAt = now.toISOString();
  return write(join(stateDir, "runs"), recordFileName(recordedAt, "test"), {
    recordedAt,
    lab: plan.lab,
    mode,
    against,
    summary: summarize(results),
    results,
  });
}

export function recordRehearsal(stateDir: string, r: RehearsalReport, now: Date = new Date()): string {
  const recordedAt = now.toISOString();
  const against = `qemu VMs in network namespace ${r.netns} (${r.payload === "talos" ? "real Talos" : "test payload"})`;
  write(join(stateDir, "runs"), recordFileName(recordedAt, "rehearse"), {
    recordedAt,
    lab: r.lab,
    mode: "live (rehearsal)",
    against: [
      `rehearsal: dnsmasq, matchbox and caches in network namespace ${r.netns}, qemu VMs netbooting through them (${r.payload === "talos" ? "real Talos" : "test payload"})`,
    ],
    summary: summarize(r.checks),
    results: r.checks,
  });
  return write(join(stateDir, "timings"), recordFileName(recordedAt, "rehearse"), {
    recordedAt,
    lab: r.lab,
    source: "rehearse",
    against,
    nodes: r.nodes.map((n) => ({
      name: n.name,
      firmware: n.firmware,
      ok: n.ok,
      ...(n.seconds !== undefined ? { seconds: n.seconds } : {}),
    })),
  });
}

export function recordBench(stateDir: string, lab: string, b: BenchResult, now: Date = new Date()): string {
  const recordedAt = now.toISOString();
  return write(join(stateDir, "timings"), recordFileName(recordedAt, "bench-boot"), {
    recordedAt,
    lab,
    source: "bench-boot",
    against: "a qemu VM in a network namespace (test payload, TCG)",
    nodes: [{ name: b.node, firmware: b.firmware, ok: true, seconds: b.chainSeconds }],
    bench: {
      node: b.node,
      firmware: b.firmware,
      chainSeconds: b.chainSeconds,
      directSeconds: b.directSeconds,
      ratio: b.ratio,
    },
  });
}

/** Wraps a progress logger: every line is kept with the seconds since the clock started. */
export interface StepClock {
  readonly log: (line: string) => void;
  readonly steps: readonly { readonly seconds: number; readonly line: string }[];
  readonly elapsed: () => number;
}

export function stepClock(log: (line: string) => void, now: () => number = () => performance.now()): StepClock {
  const start = now();
  const steps: { seconds: number; line: string }[] = [];
  const seconds = () => Math.round((now() - start) / 100) / 10;
  return {
    log: (line) => {
      steps.push({ seconds: seconds(), line });
      log(line);
    },
    steps,
    elapsed: seconds,
  };
}

/** Keeps a finished `moonlab up` / `wake` under .moonlab/<lab>/bring-up/ for the report's bring-up timings. */
export function recordBringUp(
  spec: string | undefined,
  command: "up" | "wake",
  endpointUrl: string | undefined,
  clock: StepClock,
  now: Date = new Date(),
): string {
  const lab = loadLab(spec);
  const recordedAt = now.toISOString();
  return write(join(labStateDir(lab.specDir, lab.plan.lab), "bring-up"), recordFileName(recordedAt, command), {
    recordedAt,
    lab: lab.plan.lab,
    command,
    against: endpointUrl ? `AWS API emulator at ${endpointUrl} (not real AWS)` : `real AWS, ${lab.plan.region}`,
    seconds: clock.elapsed(),
    steps: clock.steps,
  });
}

export { labStateDir };
