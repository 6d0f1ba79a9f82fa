import { describe, expect, it } from "vitest";
import { patched, planOf } from "../../../test/support/lab.ts";
import { kernelArgs } from "../bastion/matchbox.ts";
import { installedExtraKernelArgs, KERNEL_ARGS_BY_MINOR } from "./kernel-args.ts";
import { schematicFor } from "./schematic.ts";

const moon = planOf(patched("moon", {}));
const home = planOf(patched("home", {}));
const v111 = planOf(
  patched("moon", { talos: { version: "v1.11.5" }, cozystack: { version: "v0.41.11", variant: "paas-full" } }),
);

describe("kernel arguments per Talos minor", () => {
  it("v1.13: no IMA (dropped after 1.10), SELinux, module signature enforcement, proc_mem override off", () => {
    const a = KERNEL_ARGS_BY_MINOR["v1.13"];
    expect(a.filter((x) => x.startsWith("ima_"))).toEqual([]);
    expect(a).toEqual(expect.arrayContaining(["selinux=1", "module.sig_enforce=1", "proc_mem.force_override=never"]));
  });

  it("v1.11: SELinux but neither IMA nor the 1.12/1.13 additions", () => {
    const a = KERNEL_ARGS_BY_MINOR["v1.11"];
    expect(a).toContain("selinux=1");
    expect(a.some((x) => x.startsWith("ima_") || x.startsWith("module.sig_enforce") || x.startsWith("proc_mem"))).toBe(
      false,
    );
  });

  it("the matchbox profiles pass the version's defaults, not a fixed list", () => {
    for (const plan of [moon, v111]) {
      const n = plan.nodes[0];
      if (!n) throw new Error("no node");
      const args = kernelArgs(plan, n);
      expect(args).toEqual(expect.arrayContaining([...KERNEL_ARGS_BY_MINOR[plan.talos.minor]]));
      expect(args.filter((x) => x.startsWith("ima_"))).toEqual([]);
    }
    expect(kernelArgs(moon, moon.nodes[0] ?? ({} as never))).toContain("proc_mem.force_override=never");
    expect(kernelArgs(v111, v111.nodes[0] ?? ({} as never))).not.toContain("proc_mem.force_override=never");
  });

  it("AWS: the installed system keeps the EC2 serial console (console=ttyS0 in the schematic); home does not", () => {
    expect(installedExtraKernelArgs(moon)).toEqual(["console=ttyS0"]);
    expect(schematicFor(moon, "compute").yaml).toContain("    extraKernelArgs:\n        - console=ttyS0\n");
    expect(installedExtraKernelArgs(home)).toEqual([]);
    expect(schematicFor(home, "compute").yaml).not.toContain("extraKernelArgs");
  });
});
