import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EndpointUnreachableError } from "../../errors.ts";
import { FetchHttp } from "./fetch-http.ts";

let server: Server;
let port = 0;
beforeAll(async () => {
  server = createServer((req, res) => {
    res.setHeader("Docker-Distribution-Api-Version", "registry/2.0");
    res.statusCode = req.url === "/v2/" ? 200 : 404;
    res.end(req.url === "/v2/" ? "{}" : "no");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as { port: number }).port;
});
afterAll(() => server?.close());

describe("FetchHttp", () => {
  it("returns status, body and headers", async () => {
    const r = await new FetchHttp().get(`http://127.0.0.1:${port}/v2/`);
    expect(r.status).toBe(200);
    expect(r.body).toBe("{}");
    expect(r.headers["docker-distribution-api-version"]).toBe("registry/2.0");
    expect((await new FetchHttp().get(`http://127.0.0.1:${port}/x`)).status).toBe(404);
  });
  it("names host and port when nothing listens", async () => {
    await expect(new FetchHttp().get("http://127.0.0.1:1/v2/")).rejects.toThrow(EndpointUnreachableError);
    await expect(new FetchHttp().get("http://127.0.0.1:1/v2/")).rejects.toThrow(/127\.0\.0\.1:1 is unreachable/);
  });
});
