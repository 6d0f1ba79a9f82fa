// Debian's docker-registry (distribution) on loopback, serving a given config: started, then waited for until /v2/
// answers 200. Shared by the tests that run a real registry with a config of their own.
import { type ChildProcess, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { requireTool } from "./tools.ts";

export interface LocalRegistry {
  readonly proc: ChildProcess;
  readonly host: string;
  readonly url: string;
  readonly log: string[];
}

/** Writes `config` to `dir` and serves it; `port` must be the one the config's http.addr names. */
export async function serveRegistry(
  config: Record<string, unknown>,
  dir: string,
  port: number,
): Promise<LocalRegistry> {
  const file = join(dir, `registry-${port}.yml`);
  writeFileSync(file, stringify(config));
  const log: string[] = [];
  const proc = spawn(requireTool("docker-registry"), ["serve", file], { stdio: ["ignore", "pipe", "pipe"] });
  proc.stdout?.on("data", (b: Buffer) => log.push(b.toString()));
  proc.stderr?.on("data", (b: Buffer) => log.push(b.toString()));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${url}/v2/`)).status === 200) return { proc, host: `127.0.0.1:${port}`, url, log };
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  proc.kill();
  throw new Error(`registry on :${port} did not start: ${log.join("")}`);
}
