// Where the rehearsal finds its programs and the boot payload: the project's .tools (installed by
// scripts/install-test-tools.sh), then PATH and the sbin directories Debian puts dnsmasq in.
import { existsSync } from "node:fs";
import { delimiter, join, resolve } from "node:path";
import { LabError } from "../errors.ts";

export const REPO_ROOT = resolve(import.meta.dirname, "../..");
export const TOOLS = join(REPO_ROOT, ".tools");

const DIRS = (): string[] => [
  join(TOOLS, "bin"),
  join(TOOLS, "go/bin"),
  ...(process.env.PATH ?? "").split(delimiter).filter((d) => d !== ""),
  "/usr/sbin",
  "/sbin",
  "/usr/bin",
];

export class ToolMissingError extends LabError {
  constructor(what: string, how: string) {
    super(`${what} is not installed: ${how}`, 2);
  }
}

export function findProgram(name: string): string | undefined {
  for (const d of DIRS()) {
    const p = join(d, name);
    if (existsSync(p)) return p;
  }
  return undefined;
}

export function program(name: string): string {
  const p = findProgram(name);
  if (!p) throw new ToolMissingError(name, "run scripts/install-test-tools.sh (as root)");
  return p;
}

/** The Debian cloud kernel + modules that 40-boot-payload.sh unpacked for `arch`. */
export function bootPayloadDir(arch: "amd64" | "arm64"): { kernel: string; modules: string } {
  const dir = join(TOOLS, "boot-payload", arch);
  const kernel = join(dir, "vmlinuz");
  if (!existsSync(kernel))
    throw new ToolMissingError(`the ${arch} boot payload kernel (${kernel})`, "run scripts/install-test-tools.sh");
  return { kernel, modules: join(dir, "modules") };
}

/** Debian's static busybox (package busybox-static): the host's for amd64, the downloaded arm64 one for arm64. */
export function busybox(arch: "amd64" | "arm64" = "amd64"): string {
  const candidates =
    arch === "amd64" ? ["/usr/bin/busybox", "/bin/busybox"] : [join(TOOLS, "boot-payload", arch, "busybox")];
  for (const p of candidates) if (existsSync(p)) return p;
  throw new ToolMissingError(`busybox-static (${arch})`, "run scripts/install-test-tools.sh");
}

/** Debian's iPXE binaries (package ipxe), copied into the rehearsal's TFTP root like the bastion installer does. */
export const IPXE_DIR = "/usr/lib/ipxe";
