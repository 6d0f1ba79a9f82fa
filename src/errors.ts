// Error classes, one per condition; each builds its message from the facts and carries the exit code.
import type { SpecIssue } from "./spec/issue.ts";

export class LabError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = new.target.name;
    this.exitCode = exitCode;
  }
}

/** Bad input: exit 2, nothing written. */
export class SpecInvalidError extends LabError {
  readonly issues: readonly SpecIssue[];
  constructor(source: string, issues: readonly SpecIssue[]) {
    const n = issues.filter((i) => i.severity === "error").length;
    super(`${source}: ${n} problem${n === 1 ? "" : "s"} found; nothing was written`, 2);
    this.issues = issues;
  }
}

export class UsageError extends LabError {
  constructor(message: string) {
    super(message, 2);
  }
}

export class PathEscapeError extends LabError {
  constructor(path: string, root: string) {
    super(`refusing to write ${JSON.stringify(path)}: it is outside the output root ${root}`, 2);
  }
}

/** A live dependency could not be reached: names host and port, never a stack trace. */
export class EndpointUnreachableError extends LabError {
  readonly host: string;
  readonly port: number;
  constructor(what: string, host: string, port: number, cause: string) {
    super(`${what} at ${host}:${port} is unreachable (${cause})`, 3);
    this.host = host;
    this.port = port;
  }
}

/** A failed fetch() of `url` as an EndpointUnreachableError: undici hides the socket error in `cause`. */
export function fetchUnreachable(what: string, url: string, e: unknown): EndpointUnreachableError {
  const u = new URL(url);
  const cause = e instanceof Error ? ((e.cause as Error | undefined)?.message ?? e.message) : String(e);
  return new EndpointUnreachableError(what, u.hostname, Number(u.port || (u.protocol === "https:" ? 443 : 80)), cause);
}

export function isLabError(e: unknown): e is LabError {
  return e instanceof LabError;
}

/** No AWS credentials were found: an expected condition with its own exit code, never an internal error. */
export class AwsCredentialsMissingError extends LabError {
  constructor(detail: string) {
    super(
      `no AWS credentials found (${detail}). Configure them as for the AWS CLI: \`aws configure\` or ` +
        "`aws sso login --profile NAME` with AWS_PROFILE=NAME, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY; " +
        "an emulator takes --endpoint-url. Offline verbs (validate, plan, test, cost) need none.",
      6,
    );
  }
}
