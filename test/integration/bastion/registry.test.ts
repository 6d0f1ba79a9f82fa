// Each rendered registry config runs in Debian's docker-registry (distribution 2.8; the bastion runs 3.1.1 with the
// same config format): /v2/ answers 200, and a cache pulls an image through from a local upstream once; a second
// pull fetches no blob upstream, and a pull by digest does not touch the upstream at all.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, expect, it } from "vitest";
import { parse } from "yaml";
import { textOf } from "../../../src/artifacts/artifact.ts";
import { PULL_LINE } from "../../../src/checks/t04/caches-pulled-by-nodes.ts";
import { renderBastion } from "../../../src/render/bastion/index.ts";
import { tar } from "../../../src/render/bastion/tar.ts";
import { patched, planOf } from "../../support/lab.ts";
import { type LocalRegistry, serveRegistry } from "../../support/registry.ts";
import { describeWithTools, requireTool } from "../../support/tools.ts";

const BASE_PORT = 18490; // upstream; caches take the next ports

/** A one-layer OCI image layout with a tiny file, for skopeo to push. */
function writeOciLayout(dir: string): void {
  const blobs = join(dir, "blobs/sha256");
  mkdirSync(blobs, { recursive: true });
  const put = (data: Buffer) => {
    const d = createHash("sha256").update(data).digest("hex");
    writeFileSync(join(blobs, d), data);
    return { digest: `sha256:${d}`, size: data.length };
  };
  const layerTar = tar([{ path: "hello.txt", content: "hello from the upstream\n", mode: 0o644 }]);
  const layer = put(gzipSync(layerTar));
  const diffId = `sha256:${createHash("sha256").update(layerTar).digest("hex")}`;
  const config = put(
    Buffer.from(JSON.stringify({ architecture: "amd64", os: "linux", rootfs: { type: "layers", diff_ids: [diffId] } })),
  );
  const manifest = put(
    Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: "application/vnd.oci.image.manifest.v1+json",
        config: { mediaType: "application/vnd.oci.image.config.v1+json", ...config },
        layers: [{ mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", ...layer }],
      }),
    ),
  );
  writeFileSync(join(dir, "oci-layout"), JSON.stringify({ imageLayoutVersion: "1.0.0" }));
  writeFileSync(
    join(dir, "index.json"),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [
        {
          mediaType: "application/vnd.oci.image.manifest.v1+json",
          ...manifest,
          annotations: { "org.opencontainers.image.ref.name": "1" },
        },
      ],
    }),
  );
}

const skopeo = (...args: string[]) =>
  execFileSync(requireTool("skopeo"), ["--insecure-policy", ...args], { stdio: ["ignore", "pipe", "pipe"] }).toString();

/** skopeo runs synchronously, so the servers' piped logs are read only once the event loop turns again. */
const settle = () => new Promise((r) => setTimeout(r, 300));

const blobGets = (r: LocalRegistry) => r.log.join("").match(/"GET \/v2\/[^"]*\/blobs\/sha256:/g)?.length ?? 0;
const upstreamRequests = (r: LocalRegistry) => r.log.join("").match(/"(GET|HEAD) \/v2\/[^"]+/g)?.length ?? 0;

describeWithTools(
  [
    { name: "docker-registry", how: "scripts/install-test-tools.sh (Debian docker-registry)" },
    { name: "skopeo", how: "scripts/install-test-tools.sh (Debian skopeo)" },
  ],
  "rendered registry configs run in the real registry",
  () => {
    const plan = planOf(patched("moon", {}));
    const configs = renderBastion(plan, {}, {}).filter((a) => a.path.startsWith("bastion/registry/"));
    let dir = "";
    let upstream: LocalRegistry;
    const caches: { name: string; remote: string; reg: LocalRegistry }[] = [];
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), "moonlab-registry-"));
      upstream = await serveRegistry(
        {
          version: "0.1",
          log: { level: "info" },
          storage: { filesystem: { rootdirectory: join(dir, "upstream") } },
          http: { addr: `127.0.0.1:${BASE_PORT}` },
        },
        dir,
        BASE_PORT,
      );
      writeOciLayout(join(dir, "image"));
      skopeo(
        "copy",
        "--dest-tls-verify=false",
        `oci:${join(dir, "image")}:1`,
        `docker://127.0.0.1:${BASE_PORT}/lab/hello:1`,
      );
      for (const [i, a] of configs.entries()) {
        // biome-ignore lint/suspicious/noExplicitAny: the rendered config, adapted field by field for this host
        const c = parse(textOf(a)) as Record<string, any>;
        const port = BASE_PORT + 1 + i;
        const name = a.path.split("/")[2] as string;
        const remote = c.proxy?.remoteurl as string | undefined;
        // Adapt only what the host needs: storage path, listen address, and the upstream (a local registry).
        c.storage.filesystem.rootdirectory = join(dir, name);
        c.http.addr = `127.0.0.1:${port}`;
        if (c.proxy) c.proxy.remoteurl = upstream.url;
        caches.push({ name, remote: remote ?? "", reg: await serveRegistry(c, dir, port) });
      }
    });
    afterAll(() => {
      upstream?.proc.kill();
      for (const c of caches) c.reg.proc.kill();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("renders one cache per plan cache, each proxying its upstream, plus the lab registry", () => {
      expect(caches.map((c) => c.name).sort()).toEqual([...plan.caches.map((c) => c.name), "lab-registry"].sort());
      for (const c of plan.caches) expect(caches.find((x) => x.name === c.name)?.remote).toBe(c.remoteUrl);
      expect(caches.find((x) => x.name === "lab-registry")?.remote).toBe("");
    });

    it("every rendered config serves GET /v2/ with 200 and no auth", async () => {
      for (const c of caches) {
        const r = await fetch(`${c.reg.url}/v2/`);
        expect(r.status, c.name).toBe(200);
        expect(await r.text()).toBe("{}");
      }
    });

    it("a cache pulls through once; the second pull fetches no blob upstream; by digest, nothing at all", async () => {
      const cache = caches.find((c) => c.name === "cache-docker-io")?.reg as LocalRegistry;
      await settle();
      const before = blobGets(upstream);
      skopeo(
        "copy",
        "--src-tls-verify=false",
        `docker://127.0.0.1:${cache.url.split(":")[2]}/lab/hello:1`,
        `oci:${join(dir, "pull1")}:1`,
      );
      await settle();
      const afterFirst = blobGets(upstream);
      expect(afterFirst - before).toBeGreaterThanOrEqual(2); // config + layer (the proxy may read a blob twice)
      skopeo(
        "copy",
        "--src-tls-verify=false",
        `docker://127.0.0.1:${cache.url.split(":")[2]}/lab/hello:1`,
        `oci:${join(dir, "pull2")}:1`,
      );
      await settle();
      expect(blobGets(upstream)).toBe(afterFirst);
      // The cache's own access log names the puller: what t04/caches-pulled-by-nodes reads on the bastion.
      const pullers = cache.log
        .join("")
        .split("\n")
        .map((l) => PULL_LINE.exec(l.trim())?.[1]);
      expect(pullers).toContain("127.0.0.1");
      const digest = skopeo(
        "inspect",
        "--tls-verify=false",
        "--format",
        "{{.Digest}}",
        `docker://127.0.0.1:${cache.url.split(":")[2]}/lab/hello:1`,
      ).trim();
      await settle();
      const requests = upstreamRequests(upstream);
      skopeo(
        "copy",
        "--src-tls-verify=false",
        `docker://127.0.0.1:${cache.url.split(":")[2]}/lab/hello@${digest}`,
        `oci:${join(dir, "pull3")}:1`,
      );
      await settle();
      expect(upstreamRequests(upstream)).toBe(requests);
    });

    it("the lab registry accepts a push (caches refuse one)", () => {
      const lab = caches.find((c) => c.name === "lab-registry")?.reg as LocalRegistry;
      const cache = caches.find((c) => c.name === "cache-quay-io")?.reg as LocalRegistry;
      skopeo(
        "copy",
        "--dest-tls-verify=false",
        `oci:${join(dir, "image")}:1`,
        `docker://127.0.0.1:${lab.url.split(":")[2]}/lab/hello:1`,
      );
      expect(() =>
        skopeo(
          "copy",
          "--dest-tls-verify=false",
          `oci:${join(dir, "image")}:1`,
          `docker://127.0.0.1:${cache.url.split(":")[2]}/lab/hello:1`,
        ),
      ).toThrow();
    });
  },
);
