// Moonlander's controller image for real, as the lab gets it: `moonlab moonlander build` twice (same digest: the
// build is byte-stable), the OCI image layout read by skopeo (containers/image), `moonlab moonlander push` into
// Debian's docker-registry, the image pulled back by skopeo, its layer unpacked by GNU tar, and the unpacked
// moonlander.mjs RUN by node from a directory holding nothing else (no src/, no node_modules) with the rendered
// Deployment's command and args against two real API servers (./harness.ts): a Landing's Secret appears in the guest.
// This proves the artifact, not the source tree. What is not real here: no kubelet or containerd mounts the image as
// a volume (the layer is unpacked by tar, as containerd's unpacker would), and the pod's Node is the Node running
// this test (the same version COMPONENTS.nodeRuntime pins), not the node image itself.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { sha256Digest } from "../../../src/demo-artifact/digest.ts";
import { LAYER_TAR } from "../../../src/demo-artifact/file-image.ts";
import { readOciLayout } from "../../../src/demo-artifact/oci-layout.ts";
import { pullImage, RegistryClient } from "../../../src/demo-artifact/registry-client.ts";
import { MOONLANDER_IMAGE_REPOSITORY, MOONLANDER_IMAGE_TAG } from "../../../src/render/gitops/moonlander.ts";
import { COMPONENTS } from "../../../src/versions/matrix.ts";
import { freePort, type Started, startGroup, stopGroup, waitHttp } from "../../support/processes.ts";
import { describeWithTools, ROOT, requireTool } from "../../support/tools.ts";
import {
  createAll,
  type LandingLab,
  type RunningController,
  spawnController,
  startLandingLab,
  TOOLS,
  treeObjects,
  until,
} from "./harness.ts";

const CLI = join(ROOT, "src/cli/main.ts");
const moonlab = (...args: string[]): string =>
  execFileSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 240_000,
  });

interface BuildSummary {
  readonly bundle: string;
  readonly layout: string;
  readonly architecture: string;
  readonly manifestDigest: string;
  readonly layers: readonly { mediaType: string; digest: string; size: number }[];
}

const figures: string[] = [];

describeWithTools(
  [
    ...TOOLS,
    { name: "docker-registry", how: "scripts/install-test-tools.sh (Debian docker-registry)" },
    { name: "skopeo", how: "scripts/install-test-tools.sh (Debian skopeo)" },
    { name: "tar", how: "apt-get install tar (GNU tar)" },
  ],
  "Moonlander's controller image: built, pushed, pulled, unpacked and run",
  () => {
    let dir = "";
    let a: BuildSummary;
    let b: BuildSummary;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), "moonlander-image-"));
      const t0 = performance.now();
      a = JSON.parse(moonlab("moonlander", "build", "--out", join(dir, "a"), "--json")) as BuildSummary;
      figures.push(`moonlander build: ${Math.round(performance.now() - t0)} ms`);
      b = JSON.parse(moonlab("moonlander", "build", "--out", join(dir, "b"), "--json")) as BuildSummary;
    }, 240_000);
    afterAll(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
      if (figures.length > 0)
        process.stderr.write(`moonlander image figures:\n${figures.map((f) => `  ${f}\n`).join("")}`);
    });

    it("builds the same image twice (same manifest digest), one tar layer, linux/<lab arch> for the built-in lab", () => {
      expect(b.manifestDigest).toBe(a.manifestDigest);
      expect(a.architecture).toBe("arm64");
      expect(a.layers.map((l) => l.mediaType)).toEqual([LAYER_TAR]);
      const bundle = readFileSync(a.bundle);
      figures.push(`moonlander.mjs: ${bundle.byteLength} bytes; layer ${a.layers[0]?.size} bytes`);
    });

    it("the image layout verifies (our reader) and skopeo reads the same manifest and config from it", () => {
      const img = readOciLayout(a.layout, MOONLANDER_IMAGE_TAG);
      expect(img.manifestDigest).toBe(a.manifestDigest);
      const oci = `oci:${a.layout}:${MOONLANDER_IMAGE_TAG}`;
      const raw = execFileSync(requireTool("skopeo"), ["inspect", "--raw", oci]);
      expect(sha256Digest(raw)).toBe(a.manifestDigest);
      const config = JSON.parse(execFileSync(requireTool("skopeo"), ["inspect", "--config", "--raw", oci]).toString());
      expect(config).toMatchObject({ os: "linux", architecture: "arm64", rootfs: { diff_ids: [a.layers[0]?.digest] } });
    });

    describe("pushed to a real registry, pulled back, unpacked and run against two API servers", () => {
      let registry: Started | undefined;
      let host = "";
      let lab: LandingLab | undefined;
      let controller: RunningController | undefined;
      const alone = () => join(dir, "alone");
      beforeAll(async () => {
        const started = await Promise.all([
          (async () => {
            const config = join(dir, "registry.yml");
            const port = await freePort();
            host = `127.0.0.1:${port}`;
            writeFileSync(
              config,
              stringify({
                version: "0.1",
                log: { level: "info" },
                storage: { filesystem: { rootdirectory: join(dir, "registry-data") } },
                http: { addr: host },
              }),
            );
            registry = startGroup(requireTool("docker-registry"), ["serve", config]);
            await waitHttp(`http://${host}/v2/`, registry, 30_000);
          })(),
          startLandingLab(dir, figures),
        ]);
        lab = started[1];
      }, 240_000);
      afterAll(async () => {
        if (controller && controller.proc.exitCode === null) {
          controller.proc.kill("SIGKILL");
          await controller.exited;
        }
        await lab?.stop();
        await stopGroup(registry);
      });

      it("moonlab moonlander push uploads config and layer, then the manifest under the Deployment's tag", () => {
        const out = JSON.parse(moonlab("moonlander", "push", "--layout", a.layout, "--registry", host, "--json"));
        expect(out).toEqual({
          ref: `${host}/${MOONLANDER_IMAGE_REPOSITORY}:${MOONLANDER_IMAGE_TAG}`,
          digest: a.manifestDigest,
          uploaded: 2,
          skipped: 0,
        });
        const again = JSON.parse(moonlab("moonlander", "push", "--layout", b.layout, "--registry", host, "--json"));
        expect(again).toMatchObject({ digest: a.manifestDigest, uploaded: 0, skipped: 2 });
      }, 120_000);

      it("pulled back (our client and skopeo), the layer unpacks with GNU tar to exactly the three files", async () => {
        const img = await pullImage(new RegistryClient(host), MOONLANDER_IMAGE_REPOSITORY, MOONLANDER_IMAGE_TAG);
        expect(img.manifestDigest).toBe(a.manifestDigest);
        // skopeo (containers/image, the library CRI-O pulls with) copies it out by digest, verifying every blob.
        const pulled = join(dir, "pulled");
        execFileSync(requireTool("skopeo"), [
          "copy",
          "--src-tls-verify=false",
          `docker://${host}/${MOONLANDER_IMAGE_REPOSITORY}:${MOONLANDER_IMAGE_TAG}`,
          `dir:${pulled}`,
        ]);
        const layerDigest = img.manifest.layers[0]?.digest ?? "";
        const layerFile = join(pulled, layerDigest.slice("sha256:".length));
        expect(sha256Digest(readFileSync(layerFile))).toBe(layerDigest);
        const listing = execFileSync(requireTool("tar"), ["--numeric-owner", "-tvf", layerFile], { encoding: "utf8" });
        expect(
          listing
            .trim()
            .split("\n")
            .map((l) => l.split(/\s+/).slice(0, 2).join(" ")),
        ).toEqual(["-rw-r--r-- 0/0", "-rw-r--r-- 0/0", "-rw-r--r-- 0/0"]);
        const unpacked = join(dir, "unpacked");
        mkdirSync(unpacked);
        execFileSync(requireTool("tar"), ["-xf", layerFile, "-C", unpacked]);
        expect(readdirSync(unpacked).sort()).toEqual(["THIRD-PARTY-NOTICES.txt", "moonlander.mjs", "package.json"]);
        expect(readFileSync(join(unpacked, "THIRD-PARTY-NOTICES.txt"), "utf8")).toMatch(
          /@kubernetes\/client-node@\S+ Apache-2.0/,
        );
        // The file the pod runs, alone in a directory outside the checkout: nothing to resolve but Node's built-ins.
        mkdirSync(alone());
        copyFileSync(join(unpacked, "moonlander.mjs"), join(alone(), "moonlander.mjs"));
      }, 120_000);

      it("the unpacked moonlander.mjs, run as the Deployment runs it, lands a Landing: its Secret appears in the guest", async () => {
        if (!lab) throw new Error("no clusters");
        const l = lab;
        const [cmd, file] = l.container.command as string[];
        expect(cmd).toBe("node");
        expect(file).toBe("/opt/moonlander/moonlander.mjs");
        expect(l.container.image).toBe(COMPONENTS.nodeRuntime.image);
        // The pod's volume mount is /opt/moonlander; here the same file lives in alone().
        const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: alone() };
        const t0 = performance.now();
        controller = spawnController(
          process.execPath,
          [
            join(alone(), "moonlander.mjs"),
            ...l.container.args,
            "--resync",
            "2",
            "--retry",
            "2",
            "--kubeconfig",
            l.saKubeconfig,
          ],
          { cwd: alone(), env },
        );
        const c = controller;
        const log = () => c.log;
        await until("the controller to start watching", async () => c.log.includes("watching Landings"), log);
        figures.push(`unpacked moonlander.mjs: process start to watching ${Math.round(performance.now() - t0)} ms`);
        await createAll(l.parent, treeObjects("gitops/guest/landing.yaml"));
        await until("the copy in the guest", async () => (await l.copy()) === "# parent kubeconfig v1\n", log);
        await until("Ready=True", async () => (await l.landing())?.status?.conditions?.[0]?.status === "True", log);
        await l.setSource("# parent kubeconfig v2\n");
        await until("the copy to follow v2", async () => (await l.copy()) === "# parent kubeconfig v2\n", log);
        expect(c.log).not.toMatch(/forbidden|reconcile failed|internal error/i);
        c.proc.kill("SIGTERM");
        expect(await c.exited).toBe(0);
        expect(c.log).toMatch(/SIGTERM: stopping[\s\S]*stopped/);
      }, 120_000);
    });
  },
);
