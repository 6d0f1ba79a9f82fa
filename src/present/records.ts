// What earlier commands recorded under .moonlab/<lab>/: `moonlab test` runs (runs/*.json, the `--json` body plus
// when it ran and what it ran against) and boot-chain timings (timings/*.json from `moonlab rehearse` and
// `moonlab bench-boot`). The report reads them as history; a file that does not parse is listed as unreadable,
// never silently dropped or half-trusted.
import { z } from "zod";

const status = z.enum(["pass", "fail", "not-applicable", "error"]);

const resultSchema = z.object({
  id: z.string(),
  test: z.string(),
  title: z.string(),
  mode: z.enum(["plan", "live"]),
  status,
  evidence: z.array(z.string()),
  reason: z.string().optional(),
  acknowledged: z.string().optional(),
});

export const runSchema = z.object({
  recordedAt: z.string(),
  lab: z.string(),
  mode: z.string(),
  /** What the live checks ran against (AWS or an emulator, the cluster, the bastion), one line each. */
  against: z.array(z.string()),
  summary: z.object({
    total: z.number(),
    passed: z.number(),
    failed: z.number(),
    acknowledged: z.number(),
    notApplicable: z.number(),
    errors: z.number(),
  }),
  results: z.array(resultSchema),
});

export type RunRecord = z.infer<typeof runSchema> & { readonly file: string };

const nodeTiming = z.object({
  name: z.string(),
  firmware: z.string(),
  seconds: z.number().optional(),
  ok: z.boolean(),
});

export const timingSchema = z.object({
  recordedAt: z.string(),
  lab: z.string(),
  source: z.enum(["rehearse", "bench-boot"]),
  /** What booted: "qemu VMs in a network namespace (test payload)" and the like. */
  against: z.string(),
  nodes: z.array(nodeTiming),
  bench: z
    .object({
      node: z.string(),
      firmware: z.string(),
      chainSeconds: z.number(),
      directSeconds: z.number(),
      ratio: z.number(),
    })
    .optional(),
});

export type TimingRecord = z.infer<typeof timingSchema> & { readonly file: string };

/** `moonlab up` / `moonlab wake`: each progress line with the seconds since the command started. */
export const bringUpSchema = z.object({
  recordedAt: z.string(),
  lab: z.string(),
  command: z.enum(["up", "wake"]),
  /** "real AWS, eu-west-1" or "AWS API emulator at URL (not real AWS)". */
  against: z.string(),
  seconds: z.number(),
  steps: z.array(z.object({ seconds: z.number(), line: z.string() })),
});

export type BringUpRecord = z.infer<typeof bringUpSchema> & { readonly file: string };

export interface Unreadable {
  readonly file: string;
  readonly why: string;
}

export interface Records {
  /** Oldest first. */
  readonly runs: readonly RunRecord[];
  readonly timings: readonly TimingRecord[];
  readonly bringUps: readonly BringUpRecord[];
  readonly unreadable: readonly Unreadable[];
}

export const NO_RECORDS: Records = { runs: [], timings: [], bringUps: [], unreadable: [] };

/** Parses recorded files (name -> text); sorted by recordedAt then file name so the order never depends on disk. */
export function parseRecords(
  runs: ReadonlyMap<string, string>,
  timings: ReadonlyMap<string, string>,
  bringUps: ReadonlyMap<string, string> = new Map(),
): Records {
  const unreadable: Unreadable[] = [];
  const parse = <T>(schema: z.ZodType<T>, files: ReadonlyMap<string, string>): (T & { file: string })[] => {
    const out: (T & { file: string })[] = [];
    for (const [file, text] of files) {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (e) {
        unreadable.push({ file, why: `not JSON: ${(e as Error).message}` });
        continue;
      }
      const r = schema.safeParse(json);
      if (r.success) out.push({ ...r.data, file });
      else unreadable.push({ file, why: r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") });
    }
    return out.sort((a, b) => order(a as never, b as never));
  };
  const r = parse(runSchema, runs);
  const t = parse(timingSchema, timings);
  const b = parse(bringUpSchema, bringUps);
  return { runs: r, timings: t, bringUps: b, unreadable: unreadable.sort((a, b) => (a.file < b.file ? -1 : 1)) };
}

function order(a: { recordedAt: string; file: string }, b: { recordedAt: string; file: string }): number {
  if (a.recordedAt !== b.recordedAt) return a.recordedAt < b.recordedAt ? -1 : 1;
  return a.file < b.file ? -1 : a.file > b.file ? 1 : 0;
}

/** A file name for a record: the time with characters every file system accepts, sortable. */
export function recordFileName(recordedAt: string, kind: string): string {
  return `${recordedAt.replace(/[:.]/g, "-")}-${kind}.json`;
}
