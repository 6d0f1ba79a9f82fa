// Live-check ports over the rehearsal's local bastion. The bastion's host paths live under the rehearsal root, its
// network only inside the namespace, and it has no container runtime, so:
//   BastionPort.readFile(/var/log/moonlab/x.log)  -> <root>/var/log/moonlab/x.log
//   BastionPort.exec("docker logs moonlab-<svc>")   -> that service's log file (the programs run without Docker)
//   BastionPort.exec(other)                          -> sh -c inside the namespace, bastion paths rebased
//   BastionPort.resolve(name)                        -> rejects: Pi-hole is container-only and is not rehearsed
//   HttpPort.get(url)                                -> curl inside the namespace
import { readFileSync } from "node:fs";
import type { BastionPort, ExecResult } from "../ports/bastion.ts";
import type { HttpPort, HttpResponse } from "../ports/http.ts";
import { run } from "./proc.ts";
import { rebase, rebaseWord } from "./stage.ts";

/** Part of the message of every resolve() failure, so the rehearsal can tell "not rehearsed" from a real error. */
export const DNS_UNAVAILABLE = "Pi-hole runs only as a container image, which `moonlab rehearse` does not start";

export class RehearsalDnsUnavailableError extends Error {
  constructor(name: string) {
    super(`cannot resolve ${name}: ${DNS_UNAVAILABLE}`);
    this.name = "RehearsalDnsUnavailableError";
  }
}

export function localBastionPort(netns: string, root: string, logs: ReadonlyMap<string, string>): BastionPort {
  return {
    async exec(command: string): Promise<ExecResult> {
      const m = /^docker logs (?:-\S+ )*moonlab-([a-z0-9-]+)(?:\s+2>&1)?$/.exec(command.trim());
      if (m) {
        const file = logs.get(m[1] ?? "");
        if (file === undefined) return { code: 1, stdout: "", stderr: `Error: No such container: moonlab-${m[1]}\n` };
        // docker logs prints the container's stdout and stderr; the rehearsal's log file holds both.
        return { code: 0, stdout: readText(file) ?? "", stderr: "" };
      }
      const words = command.split(/(\s+)/).map((w) => (/^\s+$/.test(w) ? w : rebaseWord(root, w)));
      const r = await run("sh", ["-c", words.join("")], 60_000, netns);
      return { code: r.code, stdout: r.stdout, stderr: r.stderr };
    },
    async readFile(path: string): Promise<string | undefined> {
      return readText(rebase(root, path));
    },
    async resolve(name: string): Promise<readonly string[]> {
      throw new RehearsalDnsUnavailableError(name);
    },
  };
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

const MARK = "\n--moonlab-status--";

export function netnsHttpPort(netns: string): HttpPort {
  return {
    async get(url: string, options?: { readonly timeoutMs?: number }): Promise<HttpResponse> {
      const seconds = Math.max(1, Math.ceil((options?.timeoutMs ?? 5000) / 1000));
      // -D - puts the response headers before the body; -w appends the status after it.
      const r = await run(
        "curl",
        ["-sS", "-D", "-", "--max-time", String(seconds), "-w", `${MARK}%{http_code}`, url],
        (seconds + 3) * 1000,
        netns,
      );
      const at = r.stdout.lastIndexOf(MARK);
      const status = at >= 0 ? Number(r.stdout.slice(at + MARK.length).trim()) : 0;
      if (r.code !== 0 || status === 0) throw new Error(`GET ${url} failed: ${r.stderr.trim() || `curl ${r.code}`}`);
      const text = r.stdout.slice(0, at);
      const split = text.indexOf("\r\n\r\n");
      const head = split >= 0 ? text.slice(0, split) : "";
      const body = split >= 0 ? text.slice(split + 4) : text;
      const headers: Record<string, string> = {};
      for (const line of head.split("\r\n").slice(1)) {
        const i = line.indexOf(":");
        if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
      }
      return { status, body, headers };
    },
  };
}
