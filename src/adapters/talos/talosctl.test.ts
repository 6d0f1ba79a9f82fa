import { describe, expect, it } from "vitest";
import { EndpointUnreachableError, UsageError } from "../../errors.ts";
import { parseJsonStream, type Runner, TalosctlPort } from "./talosctl.ts";

// Output shaped like `talosctl get extensions -o json` / `get services -o json` (one pretty object per resource).
const EXTENSIONS = `{
    "node": "10.10.0.101",
    "metadata": {"namespace": "runtime", "type": "ExtensionStatuses.runtime.talos.dev", "id": "0"},
    "spec": {"image": "000-tailscale.sqsh", "metadata": {"name": "tailscale", "version": "1.86.2", "description": "a \\"quoted\\" {brace}"}}
}
{
    "node": "10.10.0.101",
    "metadata": {"namespace": "runtime", "type": "ExtensionStatuses.runtime.talos.dev", "id": "1"},
    "spec": {"image": "001-drbd.sqsh", "metadata": {"name": "drbd", "version": "9.2.14"}}
}
`;
const SERVICES = `{"node": "10.10.0.101", "metadata": {"id": "ext-tailscale"}, "spec": {"running": true, "healthy": true, "unknown": false}}
{"node": "10.10.0.101", "metadata": {"id": "kubelet"}, "spec": {"running": true, "healthy": false, "unknown": false}}
{"node": "10.10.0.101", "metadata": {"id": "etcd"}, "spec": {"running": false, "healthy": false, "unknown": true}}
`;

function recorder(responses: Record<string, { code?: number; stdout?: string; stderr?: string }>) {
  const calls: string[][] = [];
  const run: Runner = async (_cmd, args) => {
    calls.push([...args]);
    const key = args.slice(4).join(" ");
    const r = responses[key] ?? { code: 1, stderr: `unexpected ${key}` };
    return { code: r.code ?? 0, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
  };
  return { run, calls };
}

const base = { talosconfig: "/tmp/tc", talosctl: "/usr/bin/talosctl", controlPlane: "10.10.0.101" };

describe("TalosctlPort", () => {
  it("parses concatenated JSON objects, strings with braces and escapes included", () => {
    expect(parseJsonStream(EXTENSIONS)).toHaveLength(2);
    expect(parseJsonStream('{"a":"}"}\n{"b":[1,{"c":2}]}')).toEqual([{ a: "}" }, { b: [1, { c: 2 }] }]);
    expect(parseJsonStream("")).toEqual([]);
  });

  it("reads extensions and services with the talosconfig and node", async () => {
    const { run, calls } = recorder({
      "get extensions --output json": { stdout: EXTENSIONS },
      "get services --output json": { stdout: SERVICES },
    });
    const port = new TalosctlPort({ ...base, run });
    expect(await port.extensions("10.10.0.101")).toEqual(["drbd", "tailscale"]);
    expect(await port.services("10.10.0.101")).toEqual({
      "ext-tailscale": "Running",
      kubelet: "Running (unhealthy)",
      etcd: "Stopped",
    });
    expect(calls[0]?.slice(0, 4)).toEqual(["--talosconfig", "/tmp/tc", "--nodes", "10.10.0.101"]);
  });

  it("reports health from talosctl health's exit code and last lines", async () => {
    const ok = new TalosctlPort({
      ...base,
      run: recorder({ "health --wait-timeout 2m": { stdout: "waiting for etcd to be healthy: OK\nall checks passed" } })
        .run,
    });
    expect(await ok.health()).toEqual({ ok: true, detail: "waiting for etcd to be healthy: OK | all checks passed" });
    const bad = new TalosctlPort({
      ...base,
      run: recorder({ "health --wait-timeout 2m": { code: 1, stderr: "waiting for kubelet: timeout" } }).run,
    });
    expect((await bad.health()).ok).toBe(false);
  });

  it("turns an unreachable Talos API into EndpointUnreachableError naming host and port", async () => {
    const { run } = recorder({
      "get extensions --output json": { code: 1, stderr: "rpc error: code = Unavailable desc = connection refused" },
    });
    const e = await new TalosctlPort({ ...base, run }).extensions("10.10.0.102").catch((x: unknown) => x);
    expect(e).toBeInstanceOf(EndpointUnreachableError);
    expect((e as Error).message).toMatch(/Talos API at 10.10.0.102:50000 is unreachable/);
  });

  it("says how to install talosctl when it is missing", () => {
    const path = process.env.PATH;
    process.env.PATH = "/nonexistent";
    try {
      expect(() => new TalosctlPort({ talosconfig: "/tmp/tc", controlPlane: "10.10.0.101" })).toThrow(UsageError);
    } finally {
      process.env.PATH = path;
    }
  });
});
