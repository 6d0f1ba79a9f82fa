// Progress for the bring-up (listr2 on stderr): one line per step with its elapsed time, "already done" for steps a
// resumed wake skips; then a timing table on stdout. The graph engine (src/lifecycle/step-graph.ts) decides.
import { Listr, ListrLogger, ProcessOutput } from "listr2";
import {
  executeStep,
  type GraphReport,
  type GraphStep,
  type StepOutcome,
  stepsUntil,
} from "../lifecycle/step-graph.ts";

const secs = (ms: number): string =>
  ms >= 60_000 ? `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s` : `${(ms / 1000).toFixed(1)} s`;

export async function runGraphWithProgress<C>(
  steps: readonly GraphStep<C>[],
  ctx: C,
  options: { readonly until?: string; readonly quiet?: boolean } = {},
): Promise<GraphReport> {
  const t0 = performance.now();
  const outcomes: StepOutcome[] = [];
  const processOutput = new ProcessOutput(process.stderr, process.stderr);
  const selected = stepsUntil(steps, options.until);
  // biome-ignore lint/suspicious/noExplicitAny: listr2's renderer option types are generic over the renderer chosen at run time
  const list = new Listr<object, any, any>(
    selected.map((s, i) => ({
      title: `${i + 1}/${selected.length} ${s.title}`,
      task: async (_c: object, task: { title: string; output: string }) => {
        const timer = setInterval(() => {
          task.output = `${secs(performance.now() - started)} elapsed`;
        }, 1000);
        const started = performance.now();
        try {
          const o = await executeStep(s, ctx, { before: outcomes });
          outcomes.push(o);
          task.title = `${i + 1}/${selected.length} ${s.title}: ${o.status === "already-done" ? "already done" : "done"} (${secs(o.ms)})`;
        } finally {
          clearInterval(timer);
        }
      },
    })),
    {
      renderer: options.quiet ? "silent" : process.stderr.isTTY ? "default" : "simple",
      fallbackRenderer: "simple",
      exitOnError: true,
      rendererOptions: { logger: new ListrLogger({ processOutput }) } as never,
      fallbackRendererOptions: { logger: new ListrLogger({ processOutput }) } as never,
    },
  );
  await list.run();
  return { steps: outcomes, totalMs: performance.now() - t0 };
}

export function formatTimings(report: GraphReport): string {
  const lines = report.steps.map(
    (s) =>
      `${s.id.padEnd(12)} ${(s.status === "already-done" ? "already done" : s.status).padEnd(13)} ${secs(s.ms).padStart(12)}  ${s.evidence.at(-1) ?? ""}`,
  );
  lines.push(`${"total".padEnd(12)} ${"".padEnd(13)} ${secs(report.totalMs).padStart(12)}`);
  return `${lines.join("\n")}\n`;
}
