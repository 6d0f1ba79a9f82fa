// qemu command lines for rehearsal VMs. Always TCG: /dev/kvm exists on this kind of host but guests crash under it
// (nested PVM, FACTS.md). Three ways to boot:
//   bios   SeaBIOS + the NIC's option ROM, which in Debian's qemu is already iPXE: DHCP -> (user-class iPXE) ->
//          matchbox /boot.ipxe over HTTP. dnsmasq's TFTP is not used.
//   uefi   OVMF with the NIC ROM disabled (`romfile=`), so the firmware's own PXE client (client-arch 7) fetches
//          Debian's ipxe.efi from dnsmasq over TFTP, and that iPXE then chains to matchbox: the full chain.
//   direct `-kernel/-initrd/-append` of the same payload, no network boot: the benchmark's baseline.
import { copyFileSync, existsSync } from "node:fs";
import { join } from "node:path";

export type Firmware = "bios" | "uefi";

export interface VmSpec {
  readonly name: string;
  /** Guest architecture (default amd64). arm64 supports direct boots only (no arm64 iPXE in Debian). */
  readonly arch?: "amd64" | "arm64";
  readonly mac: string;
  readonly tap: string;
  readonly memoryMb?: number;
  readonly boot: { readonly kind: "net"; readonly firmware: Firmware } | DirectBoot;
}

export interface DirectBoot {
  readonly kind: "direct";
  readonly kernel: string;
  readonly initrd: string;
  readonly append: string;
}

export const OVMF_CODE = "/usr/share/OVMF/OVMF_CODE_4M.fd";
export const OVMF_VARS = "/usr/share/OVMF/OVMF_VARS_4M.fd";

/** The qemu binary for a guest architecture. */
export const qemuBinary = (arch: "amd64" | "arm64" = "amd64"): string =>
  arch === "arm64" ? "qemu-system-aarch64" : "qemu-system-x86_64";

/** Arguments for qemu-system-x86_64 (or -aarch64 for direct arm64 boots); `workDir` receives the VM's private copy of the UEFI variable store. */
export function qemuArgs(vm: VmSpec, workDir: string): string[] {
  const net = ["-netdev", `tap,id=n0,ifname=${vm.tap},script=no,downscript=no`];
  const nic = `virtio-net-pci,netdev=n0,mac=${vm.mac}`;
  const base = [
    "-name",
    vm.name,
    "-accel",
    "tcg",
    "-m",
    String(vm.memoryMb ?? 320),
    "-smp",
    "1",
    "-nodefaults",
    "-display",
    "none",
    "-serial",
    "stdio",
    "-no-reboot",
    ...net,
  ];
  if (vm.boot.kind === "direct")
    return [
      ...base,
      // qemu's virt board with a Cortex-A72, as FACTS.md measured; -kernel needs no firmware there.
      ...(vm.arch === "arm64" ? ["-machine", "virt", "-cpu", "cortex-a72"] : []),
      "-device",
      `${nic},romfile=`,
      "-kernel",
      vm.boot.kernel,
      "-initrd",
      vm.boot.initrd,
      "-append",
      vm.boot.append,
    ];
  if (vm.boot.firmware === "bios") return [...base, "-device", nic, "-boot", "n"];
  const vars = join(workDir, `${vm.name}-OVMF_VARS.fd`);
  if (!existsSync(vars)) copyFileSync(OVMF_VARS, vars);
  return [
    ...base,
    "-machine",
    "q35",
    "-drive",
    `if=pflash,format=raw,unit=0,readonly=on,file=${OVMF_CODE}`,
    "-drive",
    `if=pflash,format=raw,unit=1,file=${vars}`,
    // No option ROM: OVMF's own virtio-net driver and PXE client boot, so dnsmasq's TFTP is exercised.
    "-device",
    `${nic},romfile=`,
  ];
}
