// TalosPort through talosctl (the user's own install and talosconfig): extensions and services read as resources
// (`talosctl get ... -o json`), health from `talosctl health`. The command runner is injected so tests can replay
// recorded talosctl output.

import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import { EndpointUnreachableError, UsageError } from "../../errors.ts";
import { TALOS_API_PORT } from "../../plan/ports.ts";
import type { TalosPort } from "../../ports/talos.ts";

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}
export type Runner = (cmd: string, args: readonly string[], timeoutMs: number) => Promise<RunResult>;

export const execRunner: Runner = (cmd, args, timeoutMs) =>
  new Promise((resolve) => {
    execFile(cmd, [...args], { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr || (err && !stderr ? err.message : "")) });
    });
  });

/** Concatenated JSON values (talosctl -o json prints one pretty-printed object per resource, no array). Hand-written
 * on purpose: JSON.parse takes one value, and the stream parsers on npm (JSON Lines, ndjson) need one value per line,
 * which talosctl's pretty-printed objects are not; this scans brace depth outside strings, a dozen lines. */
export function parseJsonStream(text: string): unknown[] {
  const out: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === "\\") escaped = true;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === "{" || ch === "[") {
      if (depth === 0) start = i;
      depth++;
    } else if (ch === "}" || ch === "]") {
      depth--;
      if (depth === 0 && start >= 0) {
        out.push(JSON.parse(text.slice(start, i + 1)));
        start = -1;
      }
    }
  }
  return out;
}

const UNREACHABLE = /connection refused|deadline exceeded|no route to host|i\/o timeout|connection reset|unavailable/i;

export interface TalosctlOptions {
  readonly talosconfig: string;
  /** Path of talosctl (default: found on PATH). */
  readonly talosctl?: string;
  readonly run?: Runner;
  readonly timeoutMs?: number;
  /** Control-plane address `talosctl health` talks to. */
  readonly controlPlane: string;
}

export function findTalosctl(): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    const p = join(dir, "talosctl");
    if (dir && existsSync(p)) return p;
  }
  return undefined;
}

export class TalosctlPort implements TalosPort {
  readonly #o: TalosctlOptions;
  readonly #cmd: string;
  readonly #run: Runner;

  constructor(o: TalosctlOptions) {
    const cmd = o.talosctl ?? findTalosctl();
    if (!cmd)
      throw new UsageError(
        "--talosconfig was given but talosctl is not on PATH: install it (https://www.talos.dev/latest/talos-guides/install/talosctl/)",
      );
    this.#o = o;
    this.#cmd = cmd;
    this.#run = o.run ?? execRunner;
  }

  async #talosctl(node: string, args: readonly string[]): Promise<RunResult> {
    const r = await this.#run(
      this.#cmd,
      ["--talosconfig", this.#o.talosconfig, "--nodes", node, ...args],
      this.#o.timeoutMs ?? 60_000,
    );
    if (r.code !== 0 && UNREACHABLE.test(r.stderr))
      throw new EndpointUnreachableError("Talos API", node, TALOS_API_PORT, r.stderr.trim().split("\n").pop() ?? "");
    return r;
  }

  async #resources(node: string, type: string): Promise<Record<string, unknown>[]> {
    const r = await this.#talosctl(node, ["get", type, "--output", "json"]);
    if (r.code !== 0) throw new Error(`talosctl get ${type} on ${node} failed: ${r.stderr.trim()}`);
    return parseJsonStream(r.stdout) as Record<string, unknown>[];
  }

  async health(): Promise<{ readonly ok: boolean; readonly detail: string }> {
    const r = await this.#talosctl(this.#o.controlPlane, ["health", "--wait-timeout", "2m"]);
    const lines = `${r.stdout}\n${r.stderr}`.trim().split("\n").filter(Boolean);
    return { ok: r.code === 0, detail: lines.slice(-3).join(" | ") || `exit ${r.code}` };
  }

  /** ExtensionStatus resources: spec.metadata.name is the extension's short name (e.g. "tailscale"). */
  async extensions(node: string): Promise<readonly string[]> {
    const names: string[] = [];
    for (const res of await this.#resources(node, "extensions")) {
      const spec = res.spec as { metadata?: { name?: string } } | undefined;
      if (spec?.metadata?.name) names.push(spec.metadata.name);
    }
    return names.sort();
  }

  /** Service resources: metadata.id (e.g. "ext-tailscale") -> Running / Stopped (+ unhealthy). */
  async services(node: string): Promise<Readonly<Record<string, string>>> {
    const out: Record<string, string> = {};
    for (const res of await this.#resources(node, "services")) {
      const id = (res.metadata as { id?: string } | undefined)?.id;
      const spec = res.spec as { running?: boolean; healthy?: boolean; unknown?: boolean } | undefined;
      if (!id) continue;
      out[id] = spec?.running
        ? spec.healthy === false && spec.unknown === false
          ? "Running (unhealthy)"
          : "Running"
        : "Stopped";
    }
    return out;
  }
}
