// One moto server per describe block, on a free loopback port, with the fake AWS credentials the SDK needs set for
// the block and restored after it: what the lifecycle and wake suites share.
import { type ChildProcess, spawn } from "node:child_process";
import { afterAll, beforeAll } from "vitest";
import { freePort } from "./processes.ts";
import { requireTool } from "./tools.ts";

export const MOTO_ENV = { AWS_REGION: "us-east-1", AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing" };

/** Registers beforeAll/afterAll in the calling describe; `endpoint` is set once moto answers. */
export function useMotoSuite(): { readonly endpoint: string } {
  let moto: ChildProcess | undefined;
  const state = { endpoint: "" };
  const saved: Record<string, string | undefined> = {};
  beforeAll(async () => {
    for (const [k, v] of Object.entries(MOTO_ENV)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
    const port = await freePort();
    state.endpoint = `http://127.0.0.1:${port}`;
    moto = spawn(requireTool("moto_server"), ["-H", "127.0.0.1", "-p", String(port)], { stdio: "ignore" });
    for (let i = 0; i < 100; i++) {
      try {
        if ((await fetch(`${state.endpoint}/moto-api/`)).ok) return;
      } catch {}
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error("moto_server did not start");
  }, 60_000);
  afterAll(() => {
    moto?.kill("SIGTERM");
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  });
  return {
    get endpoint() {
      return state.endpoint;
    },
  };
}
