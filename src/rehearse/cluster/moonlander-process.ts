// The controller of a round trip, run in-process through the runner the caller hands in (runMoonlander, the code of
// `moonlab moonlander run`) until the rehearsal stops it; its log lines are kept as evidence and forwarded.
export interface MoonlanderRunOptions {
  readonly kubeconfig: string;
  readonly source: string;
  readonly sourceKey: string;
  readonly resyncSeconds: number;
  readonly retrySeconds: number;
  readonly log: (line: string) => void;
  readonly until: Promise<string>;
}
/** src/app/moonlander-run.ts's runMoonlander: runs the controller until `until` resolves, then resolves. */
export type MoonlanderRunner = (o: MoonlanderRunOptions) => Promise<void>;

export interface RunningController {
  readonly log: readonly string[];
  /** undefined while it runs; "stopped" after a clean stop; "failed: ..." when the runner threw. */
  ended(): string | undefined;
  stop(why: string): void;
}

export function runController(
  run: MoonlanderRunner,
  o: Omit<MoonlanderRunOptions, "until" | "log">,
  log: (line: string) => void,
): RunningController {
  const lines: string[] = [];
  let stopWith: (why: string) => void = () => {};
  const until = new Promise<string>((resolve) => {
    stopWith = resolve;
  });
  let ended: string | undefined;
  const onLine = (l: string) => {
    lines.push(l);
    log(`moonlander: ${l}`);
  };
  run({ ...o, log: onLine, until }).then(
    () => {
      ended = "stopped";
    },
    (e: unknown) => {
      ended = `failed: ${(e as Error).message}`;
      onLine(`run failed: ${(e as Error).message}`);
    },
  );
  return { log: lines, ended: () => ended, stop: (why) => stopWith(why) };
}
