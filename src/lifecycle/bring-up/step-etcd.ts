// Step 7: etcd bootstrapped exactly once. Done when the control plane's etcd service runs; `talosctl bootstrap` is
// sent only when it does not, and Talos's own refusal to bootstrap twice (AlreadyExists) counts as done, so a
// resumed wake can never start a second etcd cluster.
import { parseJsonStream } from "../../adapters/talos/talosctl.ts";
import type { GraphStep, Probe } from "../step-graph.ts";
import { type BringUpContext, StopWaiting, waitFor } from "./context.ts";
import { controlPlane, lastLine, talosctl } from "./talos.ts";

const ALREADY = /AlreadyExists|already bootstrapped|etcd data directory is not empty/i;
const TRANSIENT = /Unavailable|FailedPrecondition|DeadlineExceeded|connection refused|i\/o timeout|not ready/i;

export async function etcdRunning(ctx: BringUpContext): Promise<Probe> {
  const cp = controlPlane(ctx);
  const r = await talosctl(ctx, cp, ["get", "services", "etcd", "--output", "json"]);
  if (r.code !== 0) return { done: false, evidence: `etcd on ${cp}: ${lastLine(r)}` };
  const res = parseJsonStream(r.stdout)[0] as { spec?: { running?: boolean; healthy?: boolean } } | undefined;
  const running = res?.spec?.running === true;
  const healthy = res?.spec?.healthy === true;
  return {
    done: running && healthy,
    evidence: `etcd on ${cp}: ${running ? "running" : "not running"}${running ? (healthy ? ", healthy" : ", not healthy yet") : ""}`,
  };
}

export const etcdStep: GraphStep<BringUpContext> = {
  id: "etcd",
  title: "etcd bootstrapped (exactly once)",
  fix:
    "`talosctl --talosconfig .moonlab/<lab>/talosconfig -n <control plane> logs etcd` and `dmesg`; never run " +
    "`talosctl bootstrap` on a second control-plane node",
  isDone: (ctx) => etcdRunning(ctx),
  async run(ctx) {
    const cp = controlPlane(ctx);
    // A node still installing or starting its API refuses with Unavailable/FailedPrecondition: retry until the
    // step's time is up. A retry after a lost answer is safe: the second request gets AlreadyExists.
    let how = "";
    await waitFor(ctx, "etcd", `${cp} to accept talosctl bootstrap`, async () => {
      const r = await talosctl(ctx, cp, ["bootstrap"]);
      const text = `${r.stderr}${r.stdout}`;
      if (r.code === 0) how = `sent talosctl bootstrap to ${cp}`;
      else if (ALREADY.test(text)) how = `${cp} was already bootstrapped (${lastLine(r)})`;
      else if (!TRANSIENT.test(text)) throw new StopWaiting(`talosctl bootstrap on ${cp} failed: ${lastLine(r)}`, 1);
      return { done: how !== "", evidence: how || `bootstrap refused for now: ${lastLine(r)}` };
    });
    return `${how}; ${await waitFor(ctx, "etcd", "etcd to run", () => etcdRunning(ctx))}`;
  },
};
