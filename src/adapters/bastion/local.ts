// BastionPort on this machine, for `moonlab rehearse` and home labs where moonlab runs on the bastion itself:
// commands run with sh (optionally inside a network namespace), absolute bastion paths map under a root directory
// (the rehearsal keeps its "bastion" in a temp dir), names resolve through a given DNS server.
import { execFile } from "node:child_process";
import { Resolver } from "node:dns/promises";
import { chmod, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { BastionPort, ExecResult } from "../../ports/bastion.ts";

export interface LocalBastionOptions {
  /** Directory that stands for the bastion's / (default: the real /). */
  readonly root?: string;
  /** Run commands inside this network namespace (`ip netns exec`). */
  readonly netns?: string;
  /** DNS server (Pi-hole) for resolve(), "host" or "host:port"; default 127.0.0.1. */
  readonly dnsServer?: string;
  readonly timeoutMs?: number;
}

export class LocalBastion implements BastionPort {
  readonly #o: LocalBastionOptions;
  constructor(options: LocalBastionOptions = {}) {
    this.#o = options;
  }

  /** Where a bastion path lives on this machine. */
  pathOf(path: string): string {
    return this.#o.root ? join(this.#o.root, path) : path;
  }

  exec(command: string): Promise<ExecResult> {
    const argv = this.#o.netns ? ["ip", "netns", "exec", this.#o.netns, "sh", "-c", command] : ["sh", "-c", command];
    return new Promise((resolve) => {
      execFile(
        argv[0] as string,
        argv.slice(1),
        { timeout: this.#o.timeoutMs ?? 60_000, maxBuffer: 64 << 20, cwd: this.#o.root },
        (err, stdout, stderr) => {
          const code = err
            ? typeof (err as { code?: unknown }).code === "number"
              ? (err as { code: number }).code
              : 1
            : 0;
          resolve({ code, stdout, stderr });
        },
      );
    });
  }

  /** Writes a file on the (local) bastion atomically with the given mode, creating its directory. */
  async writeFile(path: string, content: string, mode: number): Promise<void> {
    const target = this.pathOf(path);
    await mkdir(dirname(target), { recursive: true });
    const tmp = `${target}.moonlab-tmp`;
    await writeFile(tmp, content, { mode });
    await chmod(tmp, mode);
    await rename(tmp, target);
  }

  async readFile(path: string): Promise<string | undefined> {
    try {
      return await readFile(this.pathOf(path), "utf8");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw e;
    }
  }

  async resolve(name: string): Promise<readonly string[]> {
    const r = new Resolver({ timeout: 3000, tries: 2 });
    r.setServers([this.#o.dnsServer ?? "127.0.0.1"]);
    try {
      return (await r.resolve4(name)).sort();
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "ENOTFOUND" || code === "ENODATA") return [];
      throw e;
    }
  }
}
