// Shared printing for CLI commands: issues, errors and the exit code convention (0 ok, 1 checks failed,
// 2 bad input, 3 unreachable endpoint, 4 over budget, 5 not confirmed, 6 no AWS credentials, 70 a bug).
import { asExpectedError } from "../app/expected-errors.ts";
import { isLabError, SpecInvalidError } from "../errors.ts";
import { formatIssues, type SpecIssue } from "../spec/issue.ts";

export function printWarnings(issues: readonly SpecIssue[], verbose = false): void {
  for (const line of formatIssues(
    issues.filter((i) => i.severity === "warning"),
    verbose,
  ))
    process.stderr.write(`${line}\n`);
}

export function handleError(thrown: unknown): number {
  const e = asExpectedError(thrown);
  if (e instanceof SpecInvalidError) {
    for (const line of formatIssues(e.issues)) process.stderr.write(`${line}\n`);
    process.stderr.write(`${e.message}\n`);
    return e.exitCode;
  }
  if (isLabError(e)) {
    process.stderr.write(`moonlab: ${e.message}\n`);
    return e.exitCode;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  process.stderr.write(
    `moonlab: internal error: ${err.message}\n${process.env.MOONLAB_DEBUG ? `${err.stack}\n` : "(set MOONLAB_DEBUG=1 for the stack)\n"}`,
  );
  return 70;
}

export function useColor(): boolean {
  return process.stdout.isTTY === true && !process.env.NO_COLOR;
}
