// A real OpenSSH sshd on a free loopback port, standing in for the bastion's: it accepts only keys "pushed" (written
// to a folder) in the last 60 seconds, the way EC2 Instance Connect's AuthorizedKeysCommand on Amazon Linux serves a
// pushed key from the instance metadata for 60 s. `find -mmin -1` is that window, with binaries sshd trusts (the
// command's path must be root-owned and not writable by others, which no folder under /tmp is).
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./processes.ts";
import { requireTool } from "./tools.ts";

export interface RealSshd {
  readonly port: number;
  /** With `chroot`: the directory sessions see as / (the bastion's disk, e.g. <root>/srv/moonlab/matchbox/...). */
  readonly root?: string;
  /** Writes an OpenSSH public key for `user`, usable for 60 s (what a push through EC2 Instance Connect does). */
  push(user: string, publicKey: string): void;
  /** sshd's log (-e), for assertions and for a failing test's message. */
  log(): string;
  stop(): void;
}

/** Applets a bastion command of SshBastion needs (exec, readFile, writeFile): busybox-static provides them. */
const APPLETS = ["sh", "cat", "mkdir", "chmod", "mv", "test", "[", "echo", "id", "rm"];

/** A root for ChrootDirectory: sshd wants every component root-owned and writable by root only, so not under /tmp
 * (1777); /run is. Inside, busybox as the shell and its applets; the login user's shell (bash for root) is a
 * two-line script that execs busybox sh, since busybox has no bash applet. */
function chrootRoot(): string {
  const root = mkdtempSync("/run/moonlab-sshd-root-");
  chmodSync(root, 0o755);
  mkdirSync(join(root, "bin"));
  copyFileSync(requireTool("busybox"), join(root, "bin/busybox"));
  chmodSync(join(root, "bin/busybox"), 0o755);
  for (const a of APPLETS) symlinkSync("busybox", join(root, "bin", a));
  writeFileSync(join(root, "bin/bash"), '#!/bin/sh\nexec /bin/sh "$@"\n', { mode: 0o755 });
  mkdirSync(join(root, "tmp"), { mode: 0o1777 });
  return root;
}

export async function startRealSshd(o: { readonly chroot?: boolean } = {}): Promise<RealSshd> {
  const sshd = requireTool("sshd");
  const root = o.chroot ? chrootRoot() : undefined;
  const dir = mkdtempSync(join(tmpdir(), "moonlab-sshd-"));
  const pushed = join(dir, "pushed");
  mkdirSync(pushed);
  // Privilege separation needs its empty directory (Debian's service unit makes it; no service runs here).
  mkdirSync("/run/sshd", { recursive: true, mode: 0o755 });
  const hostKey = join(dir, "host_ed25519");
  // ssh-keygen (openssh-client, a dependency of openssh-server): sshd's own libcrypto reads what it writes.
  execFileSync(requireTool("ssh-keygen"), ["-q", "-t", "ed25519", "-N", "", "-f", hostKey]);
  const port = await freePort();
  const config = join(dir, "sshd_config");
  writeFileSync(
    config,
    [
      `Port ${port}`,
      "ListenAddress 127.0.0.1",
      `HostKey ${hostKey}`,
      "PidFile none",
      "AuthorizedKeysFile none",
      `AuthorizedKeysCommand /usr/bin/find ${pushed} -maxdepth 1 -name %u -mmin -1 -exec /usr/bin/cat {} ;`,
      "AuthorizedKeysCommandUser root",
      "PasswordAuthentication no",
      "KbdInteractiveAuthentication no",
      "PermitRootLogin prohibit-password",
      "UsePAM no",
      "StrictModes no",
      "AllowTcpForwarding yes",
      "LogLevel VERBOSE",
      ...(root ? [`ChrootDirectory ${root}`] : []),
      "",
    ].join("\n"),
  );
  let log = "";
  const child: ChildProcess = spawn(sshd, ["-D", "-e", "-f", config], { stdio: ["ignore", "ignore", "pipe"] });
  child.stderr?.on("data", (b: Buffer) => {
    log += b.toString();
  });
  for (let i = 0; i < 100 && !log.includes("Server listening"); i++) {
    if (child.exitCode !== null) throw new Error(`sshd exited ${child.exitCode}: ${log}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  if (!log.includes("Server listening")) throw new Error(`sshd did not start: ${log}`);
  return {
    port,
    ...(root ? { root } : {}),
    push: (user, publicKey) => writeFileSync(join(pushed, user), `${publicKey.trim()}\n`),
    log: () => log,
    stop() {
      child.kill("SIGTERM");
      rmSync(dir, { recursive: true, force: true });
      if (root) rmSync(root, { recursive: true, force: true });
    },
  };
}
