import { describe, expect, it } from "vitest";
import { loadLab } from "../plan/load-lab.ts";
import type { Plan } from "../plan/types.ts";
import type { OperatorPort, OperatorTool } from "../ports/operator.ts";
import { doctor, formatDoctor, needsSessionPlugin, requireTools } from "./doctor.ts";

const op = (versions: Partial<Record<OperatorTool, string>>): OperatorPort => ({
  run: async () => ({ code: 0, stdout: "", stderr: "" }),
  version: async (t) => versions[t],
});

describe("moonlab doctor", () => {
  it("lists every tool wake shells out to, wanted and found", async () => {
    const rows = await doctor(
      op({ talosctl: "v1.13.2", kubectl: "v1.34.2", helm: "v3.19.0", bash: "v5.2.37" }),
      "v1.13.6",
    );
    expect(rows.map((r) => `${r.tool}:${r.status}`)).toEqual(["talosctl:ok", "kubectl:ok", "helm:ok", "bash:ok"]);
    expect(formatDoctor(rows)).toMatch(/talosctl\s+ok\s+v1\.13\.2\s+v1\.13\.6 \(any v1\.13\.x\)/);
    expect(() => requireTools(rows, () => {})).not.toThrow();
  });

  it("a talosctl of another minor line or an old helm is a warning; a missing tool stops wake with exit 2", async () => {
    const rows = await doctor(op({ talosctl: "v1.11.5", helm: "v3.7.2", bash: "v5.2.37" }), "v1.13.6");
    expect(rows.map((r) => r.status)).toEqual(["other-version", "missing", "other-version", "ok"]);
    const warnings: string[] = [];
    const e = (() => {
      try {
        requireTools(rows, (l) => warnings.push(l));
      } catch (x) {
        return x as { exitCode: number; message: string };
      }
      return undefined;
    })();
    expect(e?.exitCode).toBe(2);
    expect(e?.message).toMatch(/kubectl.*nothing was started|nothing was started[\s\S]*kubectl/);
    expect(warnings.join("\n")).toMatch(/talosctl v1\.11\.5 found/);
  });

  it("the default lab reaches its bastion over SSM: session-manager-plugin is listed, its version read, and missing it stops wake", async () => {
    const plan = loadLab(undefined).plan;
    expect(needsSessionPlugin(plan)).toBe(true);
    const all = { talosctl: "v1.13.2", kubectl: "v1.34.2", helm: "v3.19.0", bash: "v5.2.37" };
    const rows = await doctor(op({ ...all, "session-manager-plugin": "v1.3.0" }), "v1.13.6", { sessionPlugin: true });
    expect(rows.map((r) => `${r.tool}:${r.status}`)).toContain("session-manager-plugin:ok");
    expect(formatDoctor(rows)).toMatch(/session-manager-plugin ok\s+v1\.3\.0\s+>= 1\.1\.23/);
    const without = await doctor(op(all), "v1.13.6", { sessionPlugin: true });
    expect(() => requireTools(without, () => {})).toThrow(/session-manager-plugin .*install: https:\/\/docs\.aws/);
  });

  it("with an SSH source, --bastion-ssh, or no path at all, no plugin is needed", () => {
    const plan = loadLab(undefined).plan;
    const withSources = { ...plan, bastion: { ...plan.bastion, sshSources: ["203.0.113.7/32"] } } as Plan;
    expect(needsSessionPlugin(withSources)).toBe(false);
    expect(needsSessionPlugin(plan, { bastionSsh: "ec2-user@198.51.100.2" })).toBe(false);
    expect(needsSessionPlugin({ ...plan, bastion: { ...plan.bastion, ssm: false } } as Plan)).toBe(false);
  });
});
