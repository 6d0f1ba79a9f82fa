// The plan benchmark, measured in one run, each side a whole process as a user runs it (module loading included):
// `moonlab plan` (validate, resolve, render every family, run the plan checks, write the tree) against a bare
// in-process CDK synth of the same stack with aws-cdk-lib's default settings (src/app/bare-synth.ts), and the CPU
// of `moonlab --help` and `moonlab validate`. Ratios, not timed assertions: load moves both sides together.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chooseSpec, DEFAULT_SPEC_PATH } from "../plan/spec-choice.ts";

const BARE = fileURLToPath(new URL("./bare-synth.ts", import.meta.url));

export interface BenchPlanResult {
  readonly spec: string;
  readonly rounds: number;
  readonly resources: number;
  /** Median CPU milliseconds (user + system) of one whole process. */
  readonly planCpuMs: number;
  readonly bareSynthCpuMs: number;
  readonly ratio: number;
  /** For reference: the bare synth with the validator off, as plan runs it. */
  readonly bareSynthNoValidationCpuMs: number;
  readonly helpCpuMs: number;
  readonly validateCpuMs: number;
  readonly samples: Readonly<Record<"plan" | "bare" | "bareNoValidation" | "help" | "validate", readonly number[]>>;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
};

export function benchPlan(o: { spec?: string; rounds: number; mainPath: string }): BenchPlanResult {
  const work = mkdtempSync(join(tmpdir(), "moonlab-bench-plan-"));
  // The bench's own secrets (made by the warm-up plan), never the user's.
  const env = {
    ...process.env,
    MOONLAB_SECRETS_DIR: join(work, "secrets"),
    MOONLAB_AGE_IDENTITY: join(work, "identity.age"),
  };
  const spec = resolve(chooseSpec(o.spec).file ?? DEFAULT_SPEC_PATH);
  let n = 0;
  /** CPU of one child process, as the child measures itself (MOONLAB_CPU_REPORT). */
  const child = (args: string[]): { ms: number; stdout: string } => {
    const report = join(work, `cpu-${n++}.txt`);
    const r = spawnSync(process.execPath, args, {
      cwd: work,
      env: { ...env, MOONLAB_CPU_REPORT: report },
      encoding: "utf8",
    });
    if (r.status !== 0) throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stderr}`);
    return { ms: Number(readFileSync(report, "utf8")), stdout: r.stdout };
  };
  try {
    const plan = (i: number) => child([o.mainPath, "plan", "--spec", spec, "--out", join(work, `out-${i}`)]).ms;
    plan(-1); // warm-up: makes the bench's secrets bundle (a new PKI takes seconds) and fills the OS file cache
    const resources = Number(child([BARE, spec]).stdout.trim());
    const samples = {
      plan: [] as number[],
      bare: [] as number[],
      bareNoValidation: [] as number[],
      help: [] as number[],
      validate: [] as number[],
    };
    for (let i = 0; i < o.rounds; i++) {
      samples.bare.push(child([BARE, spec]).ms);
      samples.bareNoValidation.push(child([BARE, spec, "--no-validation"]).ms);
      samples.plan.push(plan(i));
      samples.help.push(child([o.mainPath, "--help"]).ms);
      samples.validate.push(child([o.mainPath, "validate", "--spec", spec]).ms);
    }
    const planCpuMs = median(samples.plan);
    const bareSynthCpuMs = median(samples.bare);
    return {
      spec,
      rounds: o.rounds,
      resources,
      planCpuMs,
      bareSynthCpuMs,
      ratio: planCpuMs / bareSynthCpuMs,
      bareSynthNoValidationCpuMs: median(samples.bareNoValidation),
      helpCpuMs: median(samples.help),
      validateCpuMs: median(samples.validate),
      samples,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export function formatBenchPlan(r: BenchPlanResult, verbose = false): string {
  const f = (ms: number) => `${(ms / 1000).toFixed(3)} s`;
  const each = (xs: readonly number[]) => (verbose ? `  [${xs.map((x) => (x / 1000).toFixed(3)).join(", ")}]` : "");
  return [
    `bench-plan: ${r.spec}, ${r.resources} CloudFormation resources; CPU time of whole processes, median of ${r.rounds}`,
    `  moonlab plan (validate, render every family, plan checks, write)  ${f(r.planCpuMs)}${each(r.samples.plan)}`,
    `  bare CDK synth of the same stack (aws-cdk-lib defaults)           ${f(r.bareSynthCpuMs)}${each(r.samples.bare)}`,
    `  bare CDK synth without its template validator (as plan runs it)  ${f(r.bareSynthNoValidationCpuMs)}${each(r.samples.bareNoValidation)}`,
    `  ratio plan / bare synth                                           ${r.ratio.toFixed(2)}x (goal <= 1.2x)`,
    `  moonlab --help                                                    ${f(r.helpCpuMs)} (goal <= 0.3 s)${each(r.samples.help)}`,
    `  moonlab validate                                                  ${f(r.validateCpuMs)} (goal <= 0.3 s)${each(r.samples.validate)}`,
    "",
  ].join("\n");
}
