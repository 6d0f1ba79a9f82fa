// The synthesized templates checked by the programs AWS users trust: cfn-lint (no errors) on the real and the
// emulator template, checkov (each failure fixed or acknowledged in the spec), printed side by side with our checks.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, expect, it } from "vitest";
import { textOf } from "../../../src/artifacts/artifact.ts";
import { loadLab } from "../../../src/plan/load-lab.ts";
import { renderAws, TEMPLATE_PATH } from "../../../src/render/aws/index.ts";
import { describeWithTools, requireTool } from "../../support/tools.ts";

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), "moonlab-aws-lint-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(emulator: boolean): string {
  const lab = loadLab(undefined);
  const a = renderAws(lab.plan, {}, { emulator }).find((x) => x.path === TEMPLATE_PATH);
  const file = join(dir, emulator ? "emulator.json" : "template.json");
  writeFileSync(file, textOf(a as never));
  return file;
}

/** checkov ids that test what one of our checks tests (for the side-by-side table). */
const OURS: Record<string, string> = {
  CKV_AWS_24: "t09/ssh-only-from-operator",
  CKV_AWS_25: "t09/no-open-ingress",
  CKV_AWS_260: "t09/no-open-ingress",
  CKV_AWS_277: "t09/no-open-ingress",
  CKV_AWS_79: "t02/launch-templates-hardened",
  CKV_AWS_341: "t02/launch-templates-hardened",
  CKV_AWS_8: "t02/launch-templates-hardened",
  CKV_AWS_88: "t09/nodes-no-public-ipv4",
};

describeWithTools(
  [
    { name: "cfn-lint", how: "scripts/install-test-tools.sh (20-python.sh)" },
    { name: "checkov", how: "scripts/install-test-tools.sh (20-python.sh)" },
  ],
  "aws template static analysis",
  () => {
    it.each([false, true])(
      "cfn-lint finds no error (emulator profile: %s)",
      async (emulator) => {
        const file = write(emulator);
        const r = await run(requireTool("cfn-lint"), ["--format", "parseable", file]).then(
          (x) => ({ code: 0, out: x.stdout }),
          (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
        );
        if (r.out) process.stderr.write(r.out);
        // cfn-lint exit code bits: 2 error, 4 warning, 8 informational. Errors fail; warnings are printed above.
        expect(r.code & 2, r.out).toBe(0);
        expect(r.code & 4, r.out).toBe(0);
      },
      120_000,
    );

    it("checkov: every failed check is acknowledged in the spec; prints the side-by-side table", async () => {
      const file = write(false);
      const r = await run(
        requireTool("checkov"),
        ["-f", file, "--framework", "cloudformation", "-o", "json", "--skip-download"],
        { env: { ...process.env, BC_SKIP_MAPPING: "TRUE" }, maxBuffer: 64 * 1024 * 1024 },
      ).then(
        (x) => x.stdout,
        (e: { stdout: string }) => e.stdout,
      );
      const report = JSON.parse(r) as {
        results: { passed_checks: { check_id: string }[]; failed_checks: { check_id: string; resource: string }[] };
      };
      const acks = loadLab(undefined).plan.acknowledgements;
      const rows = [
        ...report.results.passed_checks.map((c) => [c.check_id, OURS[c.check_id] ?? "-", "passed"]),
        ...report.results.failed_checks.map((c) => [
          c.check_id,
          OURS[c.check_id] ?? "-",
          acks[`checkov:${c.check_id}`] ? "acknowledged" : `FAILED ${c.resource}`,
        ]),
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]), "en", { numeric: true }));
      process.stderr.write(
        `${["checkov id".padEnd(14), "our check".padEnd(32), "status"].join(" ")}\n${rows
          .map(([a, b, c]) => `${String(a).padEnd(14)} ${String(b).padEnd(32)} ${c}`)
          .join("\n")}\n`,
      );
      expect(report.results.passed_checks.length).toBeGreaterThan(10);
      expect(rows.filter((x) => String(x[2]).startsWith("FAILED"))).toEqual([]);
    }, 300_000);
  },
);
