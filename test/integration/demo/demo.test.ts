// The demo Spin app for real: `moonlab demo build` turns the TypeScript app into a WebAssembly component (reused
// from demo/hello-spin/dist when nothing changed) and an OCI image layout; the component serves HTTP under jco (a
// WebAssembly runtime from npm); `moonlab demo push` puts the artifact into Debian's docker-registry, and it is
// read back by digest (ours and skopeo's client) with Spin's media types.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { sha256Digest } from "../../../src/demo-artifact/digest.ts";
import { pullImage, RegistryClient } from "../../../src/demo-artifact/registry-client.ts";
import { LOCKED_APP_DIGEST_LABEL, MEDIA_TYPES } from "../../../src/demo-artifact/spin-artifact.ts";
import { DEMO_IMAGE_REPOSITORY, DEMO_IMAGE_TAG } from "../../../src/render/gitops/demo-image.ts";
import { freePort, type Started, startGroup, stopGroup, waitHttp } from "../../support/processes.ts";
import { describeWithTools, ROOT, requireTool } from "../../support/tools.ts";

const CLI = join(ROOT, "src/cli/main.ts");

/** Runs the moonlab CLI (same Node as the tests) and returns stdout; throws with stderr on a non-zero exit. */
function moonlab(...args: string[]): string {
  return execFileSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 240_000,
  });
}

interface BuildSummary {
  readonly component: string;
  readonly componentBytes: number;
  readonly componentized: boolean;
  readonly seconds: number;
  readonly layout: string;
  readonly manifestDigest: string;
}

describeWithTools(
  [
    { name: "jco", how: "scripts/install-test-tools.sh (34-demo-app.sh: npm ci in demo/hello-spin)" },
    { name: "j2w", how: "scripts/install-test-tools.sh (34-demo-app.sh: npm ci in demo/hello-spin)" },
    { name: "docker-registry", how: "scripts/install-test-tools.sh (Debian docker-registry)" },
    { name: "skopeo", how: "scripts/install-test-tools.sh (Debian skopeo)" },
  ],
  "the demo Spin app as a real WebAssembly component and OCI artifact",
  () => {
    let dir = "";
    let build: BuildSummary;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), "moonlab-demo-"));
      // The built-in lab is arm64: the artifact's locked app carries NODE_ARCH=arm64.
      build = JSON.parse(moonlab("demo", "build", "--out", join(dir, "out"), "--json")) as BuildSummary;
      process.stderr.write(
        `demo component: ${build.componentBytes} bytes, ${build.componentized ? "componentized" : "reused"} in ${build.seconds} s\n`,
      );
    }, 240_000);
    afterAll(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("builds a WebAssembly component (not a core module) and an image layout skopeo can read", () => {
      const wasm = readFileSync(build.component);
      expect(wasm.byteLength).toBe(build.componentBytes);
      expect(wasm.subarray(0, 4).toString("latin1")).toBe("\0asm");
      expect([wasm[4], wasm[5], wasm[6], wasm[7]]).toEqual([0x0d, 0x00, 0x01, 0x00]);
      const raw = execFileSync(requireTool("skopeo"), ["inspect", "--raw", `oci:${build.layout}:${DEMO_IMAGE_TAG}`]);
      expect(sha256Digest(raw)).toBe(build.manifestDigest);
    });

    describe("served by jco", () => {
      let jco: Started | undefined;
      let base = "";
      beforeAll(async () => {
        const port = await freePort();
        base = `http://127.0.0.1:${port}`;
        // Under jco the component's WASI environment is jco's process environment (in Spin it is the locked app's).
        jco = startGroup(
          process.execPath,
          [
            requireTool("jco"),
            "serve",
            "--isolate-requests",
            "instance",
            "--jco-dir",
            join(dir, "jco"),
            "--host",
            "127.0.0.1",
            "--port",
            String(port),
            build.component,
          ],
          { ...process.env, NODE_ARCH: "arm64", NODE_NAME: "moon-compute-1" },
        );
        await waitHttp(`${base}/health`, jco, 90_000);
      }, 120_000);
      afterAll(() => stopGroup(jco));

      it('GET / answers "Hello from Spin" with the node architecture', async () => {
        const r = await fetch(`${base}/`);
        expect(r.status).toBe(200);
        expect(r.headers.get("content-type")).toMatch(/^text\/plain/);
        expect(await r.text()).toBe("Hello from Spin on arm64 (node moon-compute-1)");
      });

      it('GET /health answers exactly "OK", and again (a fresh instance per request)', async () => {
        for (let i = 0; i < 3; i++) {
          const r = await fetch(`${base}/health`);
          expect(r.status).toBe(200);
          expect(await r.text()).toBe("OK");
        }
      });

      it("answers 404 for other paths and 405 for other methods", async () => {
        expect((await fetch(`${base}/nope`)).status).toBe(404);
        expect((await fetch(`${base}/`, { method: "POST", body: "x" })).status).toBe(405);
      });
    });

    describe("pushed to a real registry", () => {
      let registry: Started | undefined;
      let host = "";
      beforeAll(async () => {
        const port = await freePort();
        host = `127.0.0.1:${port}`;
        const config = join(dir, "registry.yml");
        writeFileSync(
          config,
          stringify({
            version: "0.1",
            log: { level: "info" },
            storage: { filesystem: { rootdirectory: join(dir, "registry-data") }, delete: { enabled: true } },
            http: { addr: host },
          }),
        );
        registry = startGroup(requireTool("docker-registry"), ["serve", config]);
        await waitHttp(`http://${host}/v2/`, registry, 30_000);
      }, 60_000);
      afterAll(() => stopGroup(registry));

      it("moonlab demo push uploads config and layers, then the manifest under the SpinApp's tag", () => {
        const out = JSON.parse(
          moonlab("demo", "push", "--layout", build.layout, "--registry", host, "--json"),
        ) as Record<string, unknown>;
        expect(out).toEqual({
          ref: `${host}/${DEMO_IMAGE_REPOSITORY}:${DEMO_IMAGE_TAG}`,
          digest: build.manifestDigest,
          uploaded: 3,
          skipped: 0,
        });
        // Pushing again sends no blob.
        const again = JSON.parse(moonlab("demo", "push", "--layout", build.layout, "--registry", host, "--json"));
        expect(again).toMatchObject({ digest: build.manifestDigest, uploaded: 0, skipped: 3 });
      }, 120_000);

      it("reads back manifest, config and layers by digest with Spin's media types", async () => {
        const img = await pullImage(new RegistryClient(host), DEMO_IMAGE_REPOSITORY, DEMO_IMAGE_TAG);
        expect(img.manifestDigest).toBe(build.manifestDigest);
        expect(img.manifestMediaType).toBe(MEDIA_TYPES.manifest);
        expect(img.config.mediaType).toBe(MEDIA_TYPES.config);
        expect(img.layers.map((l) => l.mediaType)).toEqual([MEDIA_TYPES.wasm, MEDIA_TYPES.lockedApp]);
        const [wasm, locked] = img.layers;
        // The wasm layer is the built component, byte for byte.
        expect(sha256Digest(wasm?.bytes ?? new Uint8Array())).toBe(sha256Digest(readFileSync(build.component)));
        const lockedApp = JSON.parse(new TextDecoder().decode(locked?.bytes));
        expect(lockedApp.components[0].source).toEqual({ content_type: "application/wasm", digest: wasm?.digest });
        expect(lockedApp.components[0].env).toEqual({ NODE_ARCH: "arm64" });
        expect(lockedApp.triggers[0].trigger_config).toEqual({ component: "hello-spin", route: "/..." });
        const config = JSON.parse(new TextDecoder().decode(img.config.bytes));
        expect(config).toMatchObject({ architecture: "wasm", os: "Wasip1" });
        expect(config.config.Labels[LOCKED_APP_DIGEST_LABEL]).toBe(locked?.digest);
      });

      it("skopeo (containers/image) reads the same manifest and config from the registry", () => {
        const ref = `docker://${host}/${DEMO_IMAGE_REPOSITORY}:${DEMO_IMAGE_TAG}`;
        const skopeo = (...args: string[]) =>
          execFileSync(requireTool("skopeo"), ["inspect", "--tls-verify=false", ...args, ref]);
        expect(sha256Digest(skopeo("--raw"))).toBe(build.manifestDigest);
        const config = JSON.parse(skopeo("--config", "--raw").toString());
        expect(config.os).toBe("Wasip1");
      });
    });
  },
);
