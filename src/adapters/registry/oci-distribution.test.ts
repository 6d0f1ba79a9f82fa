// The anonymous token flow public registries use (Docker Hub, ghcr.io, quay.io), against a loopback server that
// answers like them: 401 with a Bearer challenge, a token endpoint, then the manifest with the token.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OciDistributionPort } from "./oci-distribution.ts";

const INDEX = JSON.stringify({ schemaVersion: 2, manifests: [] });
let server: Server;
let base = "";
const seen: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? "-"}`);
    const url = new URL(req.url ?? "/", base);
    if (url.pathname === "/token") {
      const ok =
        url.searchParams.get("scope") === "repository:org/app:pull" && url.searchParams.get("service") === "reg";
      res.writeHead(ok ? 200 : 400, { "content-type": "application/json" }).end(JSON.stringify({ token: "t0k" }));
      return;
    }
    if (req.headers.authorization !== "Bearer t0k") {
      res
        .writeHead(401, {
          "www-authenticate": `Bearer realm="${base}/token",service="reg",scope="repository:org/app:pull"`,
        })
        .end();
      return;
    }
    if (url.pathname === "/v2/org/app/manifests/1")
      res.writeHead(200, { "content-type": "application/vnd.oci.image.index.v1+json" }).end(INDEX);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.close();
});

describe("OciDistributionPort", () => {
  it("answers a Bearer challenge with an anonymous token, then reuses it", async () => {
    const port = new OciDistributionPort({ endpoints: { "reg.example": base } });
    const m = await port.manifest("reg.example", "org/app", "1");
    expect(m?.mediaType).toBe("application/vnd.oci.image.index.v1+json");
    expect(new TextDecoder().decode(m?.bytes)).toBe(INDEX);
    expect(await port.manifest("reg.example", "org/app", "2")).toBeUndefined();
    expect(seen).toEqual([
      "GET /v2/org/app/manifests/1 -",
      "GET /token?service=reg&scope=repository%3Aorg%2Fapp%3Apull -",
      "GET /v2/org/app/manifests/1 Bearer t0k",
      "GET /v2/org/app/manifests/2 Bearer t0k",
    ]);
  });

  it("maps Docker Hub to its API host and other registries to https://<host>", () => {
    const port = new OciDistributionPort({ endpoints: { "ghcr.io": "http://10.10.0.100:5054/" } });
    expect(port.endpointOf("docker.io")).toBe("https://registry-1.docker.io");
    expect(port.endpointOf("quay.io")).toBe("https://quay.io");
    expect(port.endpointOf("ghcr.io")).toBe("http://10.10.0.100:5054");
  });

  it("names the endpoint when it is unreachable (exit 3)", async () => {
    const port = new OciDistributionPort({ endpoints: { "x.example": "http://127.0.0.1:9" } });
    await expect(port.manifest("x.example", "a/b", "1")).rejects.toMatchObject({ exitCode: 3 });
  });
});

describe("registry access for moonlab test --live --registries", () => {
  it("bastion: the caches and the lab registry, substitutes read there; direct: each upstream, lab registry over http", async () => {
    const { createLivePorts } = await import("../live-ports.ts");
    const { patched, planOf } = await import("../../../test/support/lab.ts");
    const plan = planOf(patched("moon", {}));
    const via = (await createLivePorts(plan, { registries: "bastion" })).registry;
    expect(via?.throughLab).toBe(true);
    expect(via?.endpointOf("ghcr.io")).toBe("http://10.10.0.100:5054");
    expect(via?.endpointOf("10.10.0.100:5000")).toBe("http://10.10.0.100:5000");
    const direct = (await createLivePorts(plan, { registries: "direct" })).registry;
    expect(direct?.throughLab).toBe(false);
    expect(direct?.endpointOf("ghcr.io")).toBe("https://ghcr.io");
    expect(direct?.endpointOf("10.10.0.100:5000")).toBe("http://10.10.0.100:5000");
    expect((await createLivePorts(plan, {})).registry).toBeUndefined();
  });
});
