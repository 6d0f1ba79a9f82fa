// Prints one plain closing line, "tests: N passed, N failed, N skipped", that CI reads; with CI=true any skipped
// test fails the run (nothing may skip in CI).
import type { Reporter, TestModule } from "vitest/node";

export default class ClosingLineReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const skippedNames: string[] = [];
    for (const m of modules) {
      if (m.state() === "failed" && [...m.children.allTests()].length === 0) failed++;
      for (const t of m.children.allTests()) {
        const s = t.result().state;
        if (s === "passed") passed++;
        else if (s === "failed") failed++;
        else {
          skipped++;
          skippedNames.push(`${m.moduleId.replace(process.cwd(), ".")} > ${t.fullName}`);
        }
      }
    }
    if (process.env.CI === "true" && skipped > 0) {
      process.stdout.write(
        `\nCI=true but ${skipped} tests skipped (nothing may skip in CI):\n  ${skippedNames.join("\n  ")}\n`,
      );
      process.exitCode = 1;
      failed += skipped;
    }
    process.stdout.write(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
