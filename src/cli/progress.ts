// Progress for long steps (listr2) on stderr, so stdout stays clean for --json and pipes.
import { Listr, ListrLogger, ProcessOutput } from "listr2";

export interface Step<C> {
  readonly title: string;
  readonly run: (ctx: C) => Promise<void> | void;
}

export async function runSteps<C extends object>(ctx: C, steps: readonly Step<C>[], quiet: boolean): Promise<C> {
  const processOutput = new ProcessOutput(process.stderr, process.stderr);
  // biome-ignore lint/suspicious/noExplicitAny: listr2's renderer option types are generic over the renderer chosen at run time
  const list = new Listr<C, any, any>(
    steps.map((s) => ({ title: s.title, task: async (c: C) => s.run(c) })),
    {
      renderer: quiet ? "silent" : process.stderr.isTTY ? "default" : "simple",
      fallbackRenderer: "simple",
      exitOnError: true,
      rendererOptions: { logger: new ListrLogger({ processOutput }) } as never,
      fallbackRendererOptions: { logger: new ListrLogger({ processOutput }) } as never,
      ctx,
    },
  );
  return list.run(ctx);
}
