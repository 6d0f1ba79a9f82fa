// Step 6: etcd bootstrapped exactly once. Done when the control plane's etcd service runs; `talosctl bootstrap` is
// sent only when it does not, and Talos's own refusal to bootstrap twice (AlreadyExists) counts as done, so a
// resumed wake can never start a second etcd cluster.
import { parseJsonStream } from "../../adapters/talos/talosctl.ts";
import { LabError } from "../../errors.ts";
import type { GraphStep, Probe } from "../step-graph.ts";
import { type BringUpContext, waitFor } from "./context.ts";
import { controlPlane, lastLine, talosctl } from "./talos.ts";

const ALREADY = /AlreadyExists|already bootstrapped|etcd data directory is not empty/i;

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
    const r = await talosctl(ctx, cp, ["bootstrap"]);
    const how =
      r.code === 0
        ? `sent talosctl bootstrap to ${cp}`
        : ALREADY.test(`${r.stderr}${r.stdout}`)
          ? `${cp} was already bootstrapped (${lastLine(r)})`
          : undefined;
    if (how === undefined) throw new LabError(`talosctl bootstrap on ${cp} failed: ${lastLine(r)}`, 1);
    return `${how}; ${await waitFor(ctx, "etcd", "etcd to run", () => etcdRunning(ctx))}`;
  },
};
