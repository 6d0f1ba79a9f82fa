import { describe, expect, it } from "vitest";
import { loadLab } from "../plan/load-lab.ts";
import { assertRehearsable, firmwareFor, inBatches, phoneHomePort } from "./rehearse.ts";

const local = loadLab(new URL("../../examples/local.lab.yaml", import.meta.url).pathname);

describe("rehearse helpers", () => {
  it("accepts the local example: two nodes with distinct MACs, full DHCP, amd64", () => {
    expect(() => assertRehearsable(local.plan)).not.toThrow();
    const macs = local.plan.nodes.map((n) => n.mac);
    expect(macs.length).toBeGreaterThanOrEqual(2);
    expect(new Set(macs).size).toBe(macs.length);
  });
  it("refuses a spec that is not the local target, with exit code 2", () => {
    const moon = loadLab(undefined);
    expect(() => assertRehearsable(moon.plan)).toThrow(/target: local/);
    try {
      assertRehearsable(moon.plan);
    } catch (e) {
      expect((e as { exitCode: number }).exitCode).toBe(2);
    }
  });
  it("alternates firmware in mixed mode, so a two-node lab exercises TFTP too", () => {
    expect([0, 1, 2].map((i) => firmwareFor("mixed", i))).toEqual(["bios", "uefi", "bios"]);
    expect(firmwareFor("uefi", 0)).toBe("uefi");
  });
  it("puts the phone-home receiver on a port no bundle service uses", () => {
    const port = phoneHomePort(local.plan);
    expect([local.plan.services.matchbox.port, ...local.plan.caches.map((c) => c.port)]).not.toContain(port);
  });
  it("runs at most n at once and keeps order", async () => {
    let live = 0;
    let peak = 0;
    const out = await inBatches([1, 2, 3, 4, 5], 2, async (x) => {
      live++;
      peak = Math.max(peak, live);
      await new Promise((r) => setTimeout(r, 5 * (6 - x)));
      live--;
      return x * 10;
    });
    expect(out).toEqual([10, 20, 30, 40, 50]);
    expect(peak).toBe(2);
  });
});
