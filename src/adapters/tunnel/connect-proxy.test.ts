import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { through } from "../../../test/support/connect-through.ts";
import { ConnectProxyTunnel, directForwarder } from "./connect-proxy.ts";

describe("the CONNECT tunnel", () => {
  let echo: Server;
  let port = 0;
  beforeAll(async () => {
    echo = createServer((s) => s.on("data", (b) => s.write(`echo ${b.toString()}`)));
    await new Promise<void>((r) => echo.listen(0, "127.0.0.1", () => r()));
    const a = echo.address();
    port = typeof a === "object" && a ? a.port : 0;
  });
  afterAll(() => echo.close());

  it("forwards a CONNECT to an allowed lab API and refuses everything else", async () => {
    const forwarded: string[] = [];
    const tunnel = await new ConnectProxyTunnel(async (h, p) => {
      forwarded.push(`${h}:${p}`);
      return directForwarder(h, p);
    }).open([{ host: "127.0.0.1", port }]);
    try {
      expect(tunnel.proxyUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(await through(tunnel.proxyUrl, `127.0.0.1:${port}`, "talos\n")).toEqual({
        status: 200,
        reply: "echo talos\n",
      });
      // Not on the list: no stream is opened at all (the bastion never dials it).
      expect((await through(tunnel.proxyUrl, "140.82.112.3:443", "x\n")).status).toBe(403);
      expect((await through(tunnel.proxyUrl, `127.0.0.1:${port + 1}`, "x\n")).status).toBe(403);
      expect(forwarded).toEqual([`127.0.0.1:${port}`]);
    } finally {
      await tunnel.close();
    }
  });

  it("answers 502 when the far side cannot connect", async () => {
    const tunnel = await new ConnectProxyTunnel(async () => {
      throw new Error("open failed: connection refused by 10.10.0.101:6443");
    }).open([{ host: "10.10.0.101", port: 6443 }]);
    try {
      expect((await through(tunnel.proxyUrl, "10.10.0.101:6443", "x\n")).status).toBe(502);
    } finally {
      await tunnel.close();
    }
  });
});
