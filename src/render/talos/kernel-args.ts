// Talos's default kernel arguments per minor line, as Talos's own imager writes them into cmdline-metal and the
// UKI (pkg/machinery/kernel.DefaultArgs with imager/quirks for the version): IMA only up to 1.10, selinux=1 from
// 1.10, module.sig_enforce=1 from 1.12, proc_mem.force_override=never from 1.13. A netboot passes the arguments
// itself (matchbox profile), so it must pass these too. The table is checked against Talos's own function by
// test/integration/talos/kernel-args.test.ts (tools/talos-conformance -kernel-args <version>).
import type { Plan } from "../../plan/types.ts";

const BASE = [
  "init_on_alloc=1",
  "slab_nomerge",
  "pti=on",
  "consoleblank=0",
  // AWS recommends the highest NVMe I/O timeout (EBS volumes are NVMe on Nitro).
  "nvme_core.io_timeout=4294967295",
  "printk.devkmsg=on",
] as const;

export const KERNEL_ARGS_BY_MINOR: Readonly<Record<Plan["talos"]["minor"], readonly string[]>> = {
  "v1.11": [...BASE, "selinux=1"],
  "v1.13": [...BASE, "selinux=1", "module.sig_enforce=1", "proc_mem.force_override=never"],
};

/** The default kernel arguments of the plan's Talos version. */
export function talosDefaultKernelArgs(plan: Plan): readonly string[] {
  return KERNEL_ARGS_BY_MINOR[plan.talos.minor];
}

/**
 * Arguments the installed system needs beyond Talos's defaults, baked into the group's schematic (the UKI's command
 * line: systemd-boot on UEFI ignores machine.install.extraKernelArgs, and with grubUseUKICmdline GRUB uses the UKI's
 * too). On AWS the EC2 serial console is ttyS0 (Graviton and x86 alike); Talos's metal image dropped console=ttyS0
 * in 1.8, so without it the serial console goes quiet after install.
 */
export function installedExtraKernelArgs(plan: Plan): string[] {
  return plan.target === "aws" ? ["console=ttyS0"] : [];
}
