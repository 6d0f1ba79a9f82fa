import { describe, expect, it } from "vitest";
import type { OperatorPort, OperatorTool } from "../ports/operator.ts";
import { doctor, formatDoctor, requireTools } from "./doctor.ts";

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
});
