import { describe, expect, it } from "vitest";
import { bastionTarget, jsonEdit, labs } from "../../../test/fakes/bastion-tree.ts";
import { schematicFor } from "../../render/talos/schematic.ts";
import check from "./profile-kernel-args.ts";

describe("t04/profile-kernel-args", () => {
  it("passes on every example", () => {
    for (const make of Object.values(labs)) expect(check.plan?.(bastionTarget(make()))?.status).toBe("pass");
  });
  it("fails when a compute node boots the gateway schematic, lacks talos.platform and has a foreign talos.config", () => {
    const plan = labs.moon();
    const gw = schematicFor(plan, "gateway").id;
    const cp = schematicFor(plan, "compute").id;
    const o = check.plan?.(
      bastionTarget(plan, {
        "bastion/matchbox/profiles/moon-compute-1.json": jsonEdit((p) => {
          p.boot.kernel = p.boot.kernel.replace(cp, gw);
          p.boot.args = p.boot.args
            .filter((a: string) => a !== "talos.platform=metal")
            .map((a: string) => a.replace("node=moon-compute-1", "node=moon-compute-2"));
        }),
      }),
    );
    expect(o?.status).toBe("fail");
    expect(o?.evidence).toEqual([
      `moon-compute-1: kernel /assets/talos/v1.13.6/${gw}/kernel-arm64, want /assets/talos/v1.13.6/${cp}/kernel-arm64`,
      "moon-compute-1: kernel arg talos.platform=metal missing (Talos v1.13 default)",
      "moon-compute-1: talos.config=http://10.10.0.100:8080/generic?node=moon-compute-2, want talos.config=http://10.10.0.100:8080/generic?node=moon-compute-1",
    ]);
  });
  it("fails on the Talos 1.10 list: IMA args present, selinux/module.sig_enforce/proc_mem missing", () => {
    const o = check.plan?.(
      bastionTarget(labs.moon(), {
        "bastion/matchbox/profiles/moon-compute-1.json": jsonEdit((p) => {
          p.boot.args = [
            ...p.boot.args.filter((a: string) => !/^(selinux|module\.sig_enforce|proc_mem\.force_override)=/.test(a)),
            "ima_template=ima-ng",
          ];
        }),
      }),
    );
    expect(o?.status).toBe("fail");
    expect(o?.evidence).toEqual([
      "moon-compute-1: kernel arg selinux=1 missing (Talos v1.13 default)",
      "moon-compute-1: kernel arg module.sig_enforce=1 missing (Talos v1.13 default)",
      "moon-compute-1: kernel arg proc_mem.force_override=never missing (Talos v1.13 default)",
      "moon-compute-1: kernel arg ima_template=ima-ng is not a Talos v1.13 default (IMA left after 1.10)",
    ]);
  });
});
