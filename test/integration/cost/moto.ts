// A moto server for the cost integration tests: started on its own loopback port, reset between tests, killed
// (with its process group) at the end. Cost Explorer answers are queued through moto's static-results API.
import { type ChildProcess, spawn } from "node:child_process";
import { requireTool } from "../../support/tools.ts";

/** Unique to this test file so it can run beside other files that start moto. */
export const MOTO_PORT = 47391;
export const MOTO_URL = `http://127.0.0.1:${MOTO_PORT}`;
/** moto's default account. */
export const MOTO_ACCOUNT = "123456789012";

export interface Moto {
  readonly url: string;
  stop(): Promise<void>;
}

export async function startMoto(): Promise<Moto> {
  const child: ChildProcess = spawn(requireTool("moto_server"), ["-H", "127.0.0.1", "-p", String(MOTO_PORT)], {
    stdio: ["ignore", "ignore", "pipe"],
    detached: true,
  });
  let err = "";
  child.stderr?.on("data", (b: Buffer) => {
    err = (err + b.toString()).slice(-4000);
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto_server exited ${child.exitCode}: ${err}`);
    try {
      const r = await fetch(`${MOTO_URL}/moto-api/`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`moto_server did not answer on ${MOTO_URL} within 60 s: ${err}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url: MOTO_URL,
    stop: async () => {
      if (child.pid !== undefined && child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        process.kill(-child.pid, "SIGTERM");
        await exited;
      }
    },
  };
}

export async function resetMoto(): Promise<void> {
  const r = await fetch(`${MOTO_URL}/moto-api/reset`, { method: "POST" });
  if (!r.ok) throw new Error(`moto reset answered ${r.status}`);
}

/** Queues one GetCostAndUsage answer grouped by SERVICE with these unblended amounts. */
export async function queueMonthToDate(
  byService: Readonly<Record<string, number>>,
  period: { Start: string; End: string },
): Promise<void> {
  const body = {
    results: [
      {
        ResultsByTime: [
          {
            TimePeriod: period,
            Total: {},
            Groups: Object.entries(byService).map(([service, usd]) => ({
              Keys: [service],
              Metrics: { UnblendedCost: { Amount: String(usd), Unit: "USD" } },
            })),
            Estimated: true,
          },
        ],
        GroupDefinitions: [{ Type: "DIMENSION", Key: "SERVICE" }],
        DimensionValueAttributes: [],
      },
    ],
  };
  const r = await fetch(`${MOTO_URL}/moto-api/static/ce/cost-and-usage-results`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (r.status !== 201) throw new Error(`moto refused the Cost Explorer results: ${r.status} ${await r.text()}`);
}
