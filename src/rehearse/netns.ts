// The rehearsal's private L2 segment: a network namespace with a bridge holding the bastion's address and one tap
// per VM. Names inside the namespace are fixed (br0, tap0…) because they cannot collide with anything outside it;
// the namespace name is unique per run. Nothing routes out: the namespace has no uplink and no default route.
import { run, runOk } from "./proc.ts";

export interface Segment {
  readonly netns: string;
  readonly bridge: string;
  readonly taps: readonly string[];
}

/**
 * Creates the namespace, bridge br0 with `address/prefix`, and `taps` tap devices attached to it. On any failure
 * the half-built namespace is deleted before the error propagates.
 */
export async function createSegment(netns: string, address: string, prefix: number, taps: number): Promise<Segment> {
  await runOk("ip", ["netns", "add", netns]);
  try {
    const ipn = (...args: string[]) => runOk("ip", ["-n", netns, ...args]);
    await ipn("link", "set", "lo", "up");
    await ipn("link", "add", "br0", "type", "bridge", "stp_state", "0", "forward_delay", "0");
    await ipn("addr", "add", `${address}/${prefix}`, "dev", "br0");
    const names: string[] = [];
    for (let i = 0; i < taps; i++) {
      const tap = `tap${i}`;
      await ipn("tuntap", "add", "dev", tap, "mode", "tap");
      await ipn("link", "set", tap, "master", "br0");
      await ipn("link", "set", tap, "up");
      names.push(tap);
    }
    await ipn("link", "set", "br0", "up");
    return { netns, bridge: "br0", taps: names };
  } catch (e) {
    await deleteNetns(netns);
    throw e;
  }
}

/** Deletes the namespace (and with it the bridge and taps); a missing namespace is fine. */
export async function deleteNetns(netns: string): Promise<void> {
  await run("ip", ["netns", "delete", netns], 15_000);
}

export async function netnsExists(netns: string): Promise<boolean> {
  const r = await run("ip", ["netns", "list"]);
  return r.stdout.split("\n").some((l) => l.split(" ")[0] === netns);
}
