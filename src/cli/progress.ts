// Progress for long steps (listr2) on stderr, so stdout stays clean for --json and pipes.
import { Listr, ListrLogger, PRESET_TIMER, ProcessOutput } from "listr2";

export interface Step<C> {
  readonly title: string;
  readonly run: (ctx: C) => Promise<void> | void;
}

export async function runSteps<C extends object>(ctx: C, steps: readonly Step<C>[], quiet: boolean): Promise<C> {
  const processOutput = new ProcessOutput(process.stderr, process.stderr);
  let failure: { error: unknown } | undefined;
  // biome-ignore lint/suspicious/noExplicitAny: listr2's renderer option types are generic over the renderer chosen at run time
  const list = new Listr<C, any, any>(
    steps.map((s) => ({
      title: s.title,
      task: async (c: C) => {
        try {
          await s.run(c);
        } catch (e) {
          // The error is printed once, by the CLI's error handler after the list; the list only marks the step.
          failure = { error: e };
          throw new Error("");
        }
      },
    })),
    {
      renderer: quiet ? "silent" : process.stderr.isTTY ? "default" : "simple",
      fallbackRenderer: "simple",
      exitOnError: true,
      // Each finished step shows how long it took (plan's step timings).
      rendererOptions: { logger: new ListrLogger({ processOutput }), timer: PRESET_TIMER } as never,
      fallbackRendererOptions: { logger: new ListrLogger({ processOutput }), timer: PRESET_TIMER } as never,
      ctx,
    },
  );
  try {
    return await list.run(ctx);
  } catch (e) {
    throw failure ? failure.error : e;
  }
}
