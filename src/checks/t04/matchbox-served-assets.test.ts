import { describe, expect, it } from "vitest";
import { fakeBastion } from "../../../test/fakes/bastion.ts";
import { labs, liveTarget } from "../../../test/fakes/bastion-tree.ts";
import { profileOf } from "../../render/bastion/matchbox.ts";
import check from "./matchbox-served-assets.ts";

const line = (path: string) => `time="2026-11-26T12:00:00Z" level=debug msg="HTTP GET ${path}"`;

describe("t04/matchbox-served-assets", () => {
  it("aws: reads the unit's log file and passes when every asset was served", async () => {
    const plan = labs.moon();
    const log = plan.nodes
      .flatMap((n) => [profileOf(plan, n).boot.kernel, ...profileOf(plan, n).boot.initrd])
      .map(line)
      .join("\n");
    const b = fakeBastion({ files: { "/var/log/moonlab/matchbox.log": log } });
    expect((await check.live?.(liveTarget(plan, { bastion: b })))?.status).toBe("pass");
  });
  it("home: reads docker logs and fails for the group whose assets were never served", async () => {
    const plan = labs.home();
    const gw = plan.nodes[0];
    const log = gw ? [profileOf(plan, gw).boot.kernel].map(line).join("\n") : "";
    const b = fakeBastion({ commands: { "docker logs moonlab-matchbox 2>&1": log } });
    const o = await check.live?.(liveTarget(plan, { bastion: b }));
    expect(b.ran).toEqual(["docker logs moonlab-matchbox 2>&1"]);
    expect(o?.status).toBe("fail");
    expect(o?.evidence).toHaveLength(3); // gateway initramfs + compute kernel and initramfs
  });
});
