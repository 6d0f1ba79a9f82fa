// The client's error paths against an in-process fake registry (the happy path runs against Debian's
// docker-registry in test/integration/demo/).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { EndpointUnreachableError } from "../errors.ts";
import { sha256Digest } from "./digest.ts";
import { pushImage, RegistryClient, RegistryError } from "./registry-client.ts";
import { MEDIA_TYPES } from "./spin-artifact.ts";

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
});

async function fake(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const s = createServer(handler);
  server = s;
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
  return `127.0.0.1:${(s.address() as AddressInfo).port}`;
}

const bytes = new TextEncoder().encode("hello");
const blob = { mediaType: MEDIA_TYPES.wasm, digest: sha256Digest(bytes), size: bytes.byteLength, bytes };

describe("RegistryClient", () => {
  it("names host and port when nothing listens", async () => {
    const addr = await fake(() => {});
    await new Promise<void>((r) => server?.close(() => r()));
    server = undefined;
    const c = new RegistryClient(addr, { timeoutMs: 2000 });
    const err = await c.ping().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EndpointUnreachableError);
    expect((err as EndpointUnreachableError).port).toBe(Number(addr.split(":")[1]));
  });

  it("reports a registry that wants auth, with the registry's error code", async () => {
    const addr = await fake((_req, res) => {
      res.writeHead(401, { "content-type": "application/json" });
      res.end(JSON.stringify({ errors: [{ code: "UNAUTHORIZED", message: "authentication required" }] }));
    });
    const err = await new RegistryClient(addr).ping().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegistryError);
    expect((err as RegistryError).status).toBe(401);
    expect(String(err)).toMatch(/UNAUTHORIZED: authentication required.*anonymously/);
  });

  it("follows a relative upload Location, adds ?digest=, and refuses a registry that stored other bytes", async () => {
    const seen: string[] = [];
    const addr = await fake((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      if (req.method === "HEAD") return res.writeHead(404).end();
      if (req.method === "POST")
        return res.writeHead(202, { location: "/v2/moonlab/x/blobs/uploads/u1?_state=s" }).end();
      req.resume();
      req.on("end", () => res.writeHead(201, { "docker-content-digest": sha256Digest(new Uint8Array([1])) }).end());
    });
    const err = await new RegistryClient(addr).pushBlob("moonlab/x", blob).catch((e: unknown) => e);
    expect(seen).toEqual([
      `HEAD /v2/moonlab/x/blobs/${blob.digest}`,
      "POST /v2/moonlab/x/blobs/uploads/",
      `PUT /v2/moonlab/x/blobs/uploads/u1?_state=s&digest=${encodeURIComponent(blob.digest)}`,
    ]);
    expect(String(err)).toMatch(/stored as sha256:/);
  });

  it("skips blobs the registry has and then puts the manifest with the OCI content type", async () => {
    const seen: string[] = [];
    const manifest = new TextEncoder().encode('{"schemaVersion":2}');
    const addr = await fake((req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers["content-type"] ?? ""}`.trim());
      if (req.method === "HEAD") return res.writeHead(200).end();
      req.resume();
      req.on("end", () => res.writeHead(201, { "docker-content-digest": sha256Digest(manifest) }).end());
    });
    const r = await pushImage(new RegistryClient(addr), "moonlab/x", "0.1.0", {
      manifestBytes: manifest,
      blobs: [blob],
    });
    expect(r).toEqual({ manifestDigest: sha256Digest(manifest), uploaded: 0, skipped: 1 });
    expect(seen).toEqual([
      `HEAD /v2/moonlab/x/blobs/${blob.digest}`,
      `PUT /v2/moonlab/x/manifests/0.1.0 ${MEDIA_TYPES.manifest}`,
    ]);
  });

  it("refuses a blob whose content does not match its digest", async () => {
    const addr = await fake((_req, res) => res.writeHead(200).end("other bytes"));
    const err = await new RegistryClient(addr).getBlob("moonlab/x", blob).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegistryError);
    expect(String(err)).toMatch(/content is sha256:/);
  });
});
