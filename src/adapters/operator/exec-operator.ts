// OperatorPort over child processes: each tool from PATH (or an explicit path), the operator's environment plus
// what the step adds (HTTPS_PROXY, KUBECONFIG). Versions are read the way each tool prints them.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import type { OperatorPort, OperatorRun, OperatorTool } from "../../ports/operator.ts";

/** How each tool prints its own (client) version without contacting a server. */
const VERSION_ARGS: Record<OperatorTool, readonly string[]> = {
  talosctl: ["version", "--client", "--short"],
  kubectl: ["version", "--client"],
  helm: ["version", "--short"],
  bash: ["--version"],
  // Prints e.g. "1.3.0.0"; versionIn reads the first three parts.
  "session-manager-plugin": ["--version"],
};

export function findOnPath(name: string, path = process.env.PATH ?? ""): string | undefined {
  for (const dir of path.split(delimiter)) {
    const p = join(dir, name);
    if (dir && existsSync(p)) return p;
  }
  return undefined;
}

/** The first vX.Y.Z (or X.Y.Z) in a tool's version output, with a leading v. */
export function versionIn(text: string): string | undefined {
  const m = /\bv?(\d+\.\d+\.\d+)/.exec(text);
  return m ? `v${m[1]}` : undefined;
}

export class ExecOperator implements OperatorPort {
  readonly #paths: Partial<Record<OperatorTool, string>>;
  constructor(paths: Partial<Record<OperatorTool, string>> = {}) {
    this.#paths = paths;
  }

  #path(tool: OperatorTool): string | undefined {
    return this.#paths[tool] ?? findOnPath(tool);
  }

  run(
    tool: OperatorTool,
    args: readonly string[],
    options: { readonly env?: Readonly<Record<string, string>>; readonly timeoutMs?: number } = {},
  ): Promise<OperatorRun> {
    const cmd = this.#path(tool);
    if (!cmd) return Promise.resolve({ code: 127, stdout: "", stderr: `${tool}: not found on PATH` });
    return new Promise((resolve) => {
      execFile(
        cmd,
        [...args],
        { env: { ...process.env, ...options.env }, timeout: options.timeoutMs ?? 60_000, maxBuffer: 64 << 20 },
        (err, stdout, stderr) => {
          const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
          resolve({ code, stdout: String(stdout), stderr: String(stderr || (err && !stderr ? err.message : "")) });
        },
      );
    });
  }

  async version(tool: OperatorTool): Promise<string | undefined> {
    if (!this.#path(tool)) return undefined;
    const r = await this.run(tool, VERSION_ARGS[tool], { timeoutMs: 15_000 });
    return versionIn(`${r.stdout}\n${r.stderr}`) ?? (r.code === 0 ? "unknown" : undefined);
  }
}
