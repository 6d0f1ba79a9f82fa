// The architecture report against real registries on loopback (Debian's docker-registry) holding indexes with and
// without arm64 built by the test: platforms are read through the OCI distribution adapter, gaps are named by
// acknowledgement id, a substitute copied into the lab registry by skopeo passes, and the endpoints in the order
// Talos's mirrors list them (lab registry prefix, then the cache) answer what containerd would pull.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { stringify } from "yaml";
import { LocalBastion } from "../../../src/adapters/bastion/local.ts";
import { OciDistributionPort } from "../../../src/adapters/registry/oci-distribution.ts";
import { bastionRunner, imagesReport, pushSubstitutes, registryEndpoints } from "../../../src/app/images.ts";
import { architectureReport, platformsOf } from "../../../src/render/images/architecture.ts";
import { registryMirrors } from "../../../src/render/talos/machine-config.ts";
import { exampleObject, patched, planOf } from "../../support/lab.ts";
import { describeWithTools, ROOT, requireTool } from "../../support/tools.ts";
import { type LocalRegistry, pushIndex, pushSingle, startRegistry } from "./oci-fixtures.ts";

const PORT = 18560; // upstream (stands in for ghcr.io, quay.io, xpkg.crossplane.io); +1 replacements; +2 lab registry

describeWithTools(
  [
    { name: "docker-registry", how: "scripts/install-test-tools.sh (Debian docker-registry)" },
    { name: "skopeo", how: "scripts/install-test-tools.sh (Debian skopeo)" },
  ],
  "the architecture report on a local registry",
  () => {
    let dir = "";
    let upstream: LocalRegistry;
    let replacements: LocalRegistry;
    let lab: LocalRegistry;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), "moonlab-images-"));
      [upstream, replacements, lab] = await Promise.all([
        startRegistry(dir, PORT),
        startRegistry(dir, PORT + 1),
        startRegistry(dir, PORT + 2),
      ]);
      await pushIndex(upstream.url, "test/multi", "1", ["amd64", "arm64"]);
      await pushIndex(upstream.url, "test/amd-only", "1", ["amd64"]);
      await pushSingle(upstream.url, "test/single-arm", "1", "arm64");
      await pushSingle(upstream.url, "test/single-amd", "1", "amd64");
      await pushIndex(replacements.url, "me/amd-only", "1-arm64", ["arm64"], false);
      // Two of the real inventory's images, under their own names, for the CLI run.
      await pushIndex(upstream.url, "spinframework/spin-operator", "v0.6.1", ["amd64", "arm64"]);
      await pushIndex(upstream.url, "crossplane/crossplane", "v2.3.1", ["amd64"]);
    }, 60_000);

    afterAll(() => {
      for (const r of [upstream, replacements, lab]) r?.proc.kill();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    const port = () => new OciDistributionPort({ endpoints: { "ghcr.io": upstream.url, "quay.io": upstream.url } });

    it("reads the platforms of indexes and single manifests (attestation entries are no platform)", async () => {
      expect(await platformsOf(port(), "ghcr.io/test/multi:1")).toEqual({
        platforms: ["linux/amd64", "linux/arm64"],
        endpoint: upstream.url,
      });
      expect(await platformsOf(port(), "ghcr.io/test/amd-only:1")).toMatchObject({ platforms: ["linux/amd64"] });
      expect(await platformsOf(port(), "quay.io/test/single-arm:1")).toMatchObject({ platforms: ["linux/arm64"] });
      expect(await platformsOf(port(), "quay.io/test/missing:1")).toMatchObject({ error: "manifest 1 not found" });
    });

    it("names each gap by acknowledgement id; an acknowledged gap carries its reason", async () => {
      const plan = planOf(
        patched("moon", {
          acknowledgements: [
            ...(exampleObject("moon").acknowledgements as unknown[]),
            { id: "image.no-arm64:quay.io/test/single-amd", reason: "only used by an amd64 tenant in this lab" },
          ],
        }),
      );
      const inv = [
        "ghcr.io/test/multi:1",
        "ghcr.io/test/amd-only:1",
        "quay.io/test/single-arm:1",
        "quay.io/test/single-amd:1",
      ].map((image) => ({ component: "test/x", image, source: "test" }));
      const r = await architectureReport(plan, inv, port());
      expect(r.map((x) => [x.image, x.status, x.gapId ?? "", x.acknowledged ?? ""])).toEqual([
        ["ghcr.io/test/multi:1", "has-arch", "", ""],
        ["ghcr.io/test/amd-only:1", "missing-arch", "image.no-arm64:ghcr.io/test/amd-only", ""],
        ["quay.io/test/single-arm:1", "has-arch", "", ""],
        [
          "quay.io/test/single-amd:1",
          "missing-arch",
          "image.no-arm64:quay.io/test/single-amd",
          "only used by an amd64 tenant in this lab",
        ],
      ]);
    });

    it("a substitute copied by skopeo into the lab registry passes where the nodes will read it; the mirror order resolves", async () => {
      const plan = planOf(
        patched("moon", {
          images: {
            substitutions: [
              { image: "ghcr.io/test/amd-only:1", replacement: `${replacements.host}/me/amd-only:1-arm64` },
            ],
          },
        }),
      );
      // Through the bastion port's shell (as `images push --bastion-local/--bastion-ssh` runs it), quoting included.
      const pushed = await pushSubstitutes(plan, {
        to: lab.host,
        skopeo: requireTool("skopeo"),
        srcTlsVerify: false,
        run: bastionRunner(new LocalBastion()),
      });
      expect(pushed).toEqual([
        {
          image: "ghcr.io/test/amd-only:1",
          replacement: `${replacements.host}/me/amd-only:1-arm64`,
          delivered: `${lab.host}/ghcr.io/test/amd-only:1`,
        },
      ]);
      // As `moonlab images --via bastion` reads it: the lab registry (here on loopback) under the upstream's prefix.
      const labHost = new URL(plan.services.registry.url).host;
      const viaLab = new OciDistributionPort({
        endpoints: { ...registryEndpoints(plan, "bastion"), [labHost]: lab.url, "ghcr.io": upstream.url },
      });
      const r = await architectureReport(
        plan,
        [
          { component: "test/x", image: "ghcr.io/test/amd-only:1", source: "test" },
          { component: "test/x", image: "ghcr.io/test/multi:1", source: "test" },
        ],
        viaLab,
        { substitutesFromLab: true },
      );
      expect(r.map((x) => [x.status, x.platforms.join(" "), x.substitute ?? ""])).toEqual([
        ["substituted", "linux/arm64", `${labHost}/ghcr.io/test/amd-only:1`],
        ["has-arch", "linux/amd64 linux/arm64", ""],
      ]);
      // containerd's walk over the rendered ghcr.io mirror endpoints, with the bastion's addresses mapped to loopback:
      // the substituted tag comes from the lab registry, any other image falls through (404) to the cache.
      const mirror = registryMirrors(plan).find((m) => m.name === "ghcr.io");
      const local = (u: string) =>
        u.startsWith(`${plan.services.registry.url}/v2/`)
          ? u.replace(plan.services.registry.url, lab.url)
          : upstream.url;
      const pull = async (repo: string, tag: string) => {
        for (const e of mirror?.endpoints ?? []) {
          const root = e.overridePath ? local(e.url) : `${local(e.url)}/v2`;
          const res = await fetch(`${root}/${repo}/manifests/${tag}`, {
            headers: { accept: "application/vnd.oci.image.index.v1+json" },
          });
          if (res.status === 200)
            return { from: e.url, body: (await res.json()) as { manifests: { platform: { architecture: string } }[] } };
        }
        return undefined;
      };
      const sub = await pull("test/amd-only", "1");
      expect(sub?.from).toBe(`${plan.services.registry.url}/v2/ghcr.io`);
      expect(sub?.body.manifests.map((m) => m.platform.architecture)).toEqual(["arm64"]);
      expect((await pull("test/multi", "1"))?.from).toBe("http://10.10.0.100:5054");
    });

    it("imagesReport over the real inventory, filtered: spin-operator has arm64, crossplane's gap is named", async () => {
      const plan = planOf(patched("moon", {}));
      const endpoints = { "ghcr.io": upstream.url, "xpkg.crossplane.io": upstream.url };
      const ok = await imagesReport(plan, { endpoints, only: "spinkube/" });
      expect(ok.images.map((i) => [i.image, i.status])).toEqual([
        ["ghcr.io/spinframework/spin-operator:v0.6.1", "has-arch"],
      ]);
      expect(ok.open).toEqual([]);
      const gap = await imagesReport(plan, { endpoints, only: "harvey/" });
      expect(gap.open.map((i) => i.gapId)).toEqual(["image.no-arm64:xpkg.crossplane.io/crossplane/crossplane"]);
    });

    it("moonlab images: exit 1 naming the open gap, exit 0 once the spec acknowledges that id", () => {
      const cli = (spec: string, only: string, endpoint = `xpkg.crossplane.io=${upstream.url}`) =>
        spawnSync(
          process.execPath,
          [join(ROOT, "src/cli/main.ts"), "images", "--spec", spec, "--only", only, "--endpoint", endpoint],
          { encoding: "utf8" },
        );
      const spec = join(dir, "lab.yaml");
      writeFileSync(spec, stringify(exampleObject("moon")));
      const open = cli(spec, "harvey/");
      expect(open.status, open.stderr).toBe(1);
      expect(open.stdout).toMatch(
        /harvey\/crossplane\s+xpkg\.crossplane\.io\/crossplane\/crossplane:v2\.3\.1\s+linux\/amd64\s+MISSING/,
      );
      expect(open.stdout).toContain("- id: image.no-arm64:xpkg.crossplane.io/crossplane/crossplane");
      const acked = exampleObject("moon");
      acked.acknowledgements = [
        ...(acked.acknowledgements as unknown[]),
        {
          id: "image.no-arm64:xpkg.crossplane.io/crossplane/crossplane",
          reason: "Harvey's guest cluster is amd64 here",
        },
      ];
      writeFileSync(spec, stringify(acked));
      const done = cli(spec, "harvey/");
      expect(done.status, done.stderr).toBe(0);
      expect(done.stdout).toContain("MISSING (acknowledged)");
      // Nothing reachable: exit 3, not a verdict.
      const none = cli(spec, "spinkube/", "ghcr.io=http://127.0.0.1:9");
      expect(none.status).toBe(3);
      expect(execFileSync(requireTool("skopeo"), ["--version"], { encoding: "utf8" })).toMatch(/skopeo version/);
      // images push where no skopeo is installed (a PATH with a shell and nothing else): a usage error saying how to get it.
      const onlySh = join(dir, "only-sh");
      mkdirSync(onlySh);
      symlinkSync(execFileSync("sh", ["-c", "command -v sh"], { encoding: "utf8" }).trim(), join(onlySh, "sh"));
      const subs = exampleObject("moon");
      subs.images = {
        substitutions: [{ image: "ghcr.io/test/amd-only:1", replacement: `${replacements.host}/me/amd-only:1-arm64` }],
      };
      writeFileSync(spec, stringify(subs));
      const noSkopeo = spawnSync(
        process.execPath,
        [join(ROOT, "src/cli/main.ts"), "images", "push", "--spec", spec, "--bastion-local", "--to", lab.host],
        { encoding: "utf8", env: { ...process.env, PATH: onlySh } },
      );
      expect(noSkopeo.status, noSkopeo.stderr).toBe(2);
      expect(noSkopeo.stderr).toMatch(/skopeo is needed/);
    }, 180_000);
  },
);
