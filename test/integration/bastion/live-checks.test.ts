// The live T03/T04 checks against the real programs: matchbox and the registries run with the rendered AWS bundle
// inside a network namespace that holds the bastion's address, and the checks reach them the way `moonlab test
// --live` does on AWS: through a BastionPort (LocalBastion in the namespace, bastion paths under a root dir) and an
// HttpPort that runs curl on the bastion (BastionHttp).
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { LocalBastion } from "../../../src/adapters/bastion/local.ts";
import { BastionHttp } from "../../../src/adapters/http/via-bastion.ts";
import { finalContent, textOf } from "../../../src/artifacts/artifact.ts";
import type { Check } from "../../../src/checks/check.ts";
import { loadCheck } from "../../../src/checks/run-suite.ts";
import { renderBastion } from "../../../src/render/bastion/index.ts";
import { hostPathOf } from "../../../src/render/bastion/layout.ts";
import { bootAssets, profileOf } from "../../../src/render/bastion/matchbox.ts";
import { bastionSecretFiles } from "../../../src/render/bastion/secret-files.ts";
import { fixtureSecrets } from "../../fakes/secrets.ts";
import { patched, planOf } from "../../support/lab.ts";
import { describeWithTools, isRoot, requireTool } from "../../support/tools.ts";

const NS = `mlb-live-${process.pid % 100000}`;
const plan = planOf(patched("moon", {}));
const ip = (...a: string[]) => execFileSync("ip", a, { stdio: ["ignore", "pipe", "pipe"] }).toString();

describeWithTools(
  [
    { name: "matchbox", how: "scripts/install-test-tools.sh (31-matchbox.sh)" },
    { name: "docker-registry", how: "scripts/install-test-tools.sh (Debian docker-registry)" },
    { name: "curl", how: "apt-get install curl" },
    { name: "ip", how: "apt-get install iproute2; run as root", probe: isRoot },
  ],
  "live T03/T04 checks against matchbox and the registries in a namespace (AWS bundle)",
  () => {
    let root = "";
    const procs: ChildProcess[] = [];
    const run = (name: string, cmd: string, args: string[]) => {
      const log = openSync(join(root, `var/log/moonlab/${name}.log`), "a");
      procs.push(spawn("ip", ["netns", "exec", NS, cmd, ...args], { stdio: ["ignore", log, log] }));
    };
    const ports = () => {
      const bastion = new LocalBastion({ root, netns: NS });
      return { bastion, http: new BastionHttp(bastion) };
    };
    const waitFor = async (url: string) => {
      const http = ports().http;
      for (let i = 0; i < 100; i++) {
        try {
          if ((await http.get(url, { timeoutMs: 1000 })).status === 200) return;
        } catch {
          /* starting */
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`${url} did not come up`);
    };
    const live = async (id: string) => {
      const c: Check = loadCheck(id);
      return c.live?.({ plan, ports: ports() });
    };

    beforeAll(async () => {
      root = mkdtempSync(join(tmpdir(), "moonlab-live-"));
      // The bundle at its host paths under root, plus the pushed machine configs, plus stand-in boot assets.
      for (const a of renderBastion(plan, {}, {})) {
        const host = hostPathOf(a.path);
        if (!host) continue;
        mkdirSync(join(root, host, ".."), { recursive: true });
        writeFileSync(join(root, host), finalContent(a));
      }
      for (const f of bastionSecretFiles(plan, await fixtureSecrets())) {
        mkdirSync(join(root, f.host, ".."), { recursive: true });
        writeFileSync(join(root, f.host), f.content);
      }
      for (const a of bootAssets(plan)) {
        mkdirSync(join(root, "srv/moonlab/matchbox/assets", a.path, ".."), { recursive: true });
        writeFileSync(join(root, "srv/moonlab/matchbox/assets", a.path), `stand-in ${a.kind}\n`);
      }
      mkdirSync(join(root, "var/log/moonlab"), { recursive: true });
      ip("netns", "add", NS);
      ip("-n", NS, "link", "set", "lo", "up");
      // A veth pair stands for the lab segment (this kernel has no dummy interfaces).
      ip("-n", NS, "link", "add", "lab0", "type", "veth", "peer", "name", "lab1");
      ip("-n", NS, "link", "set", "lab1", "up");
      ip("-n", NS, "addr", "add", `${plan.bastion.address}/${plan.network.prefixLength}`, "dev", "lab0");
      ip("-n", NS, "link", "set", "lab0", "up");
      // matchbox with its rendered arguments (the container's data dir is root's /srv/moonlab/matchbox).
      const mb = join(root, "srv/moonlab/matchbox");
      run("matchbox", requireTool("matchbox"), [
        `-address=0.0.0.0:${plan.services.matchbox.port}`,
        "-log-level=debug",
        `-data-path=${mb}`,
        `-assets-path=${join(mb, "assets")}`,
      ]);
      // Each registry with its rendered config; storage under root, caches proxy the lab registry (no internet
      // here). The lab registry starts first: distribution 2.8 checks a proxy's remote when it starts.
      const configs = renderBastion(plan, {}, {})
        .filter((x) => x.path.endsWith("/config.yml"))
        .sort((a, b) => Number(b.path.includes("lab-registry")) - Number(a.path.includes("lab-registry")));
      for (const a of configs) {
        const name = a.path.split("/")[2] as string;
        const c = parse(textOf(a));
        c.storage.filesystem.rootdirectory = join(root, "srv/moonlab/registry", name, "data");
        if (c.proxy) c.proxy.remoteurl = plan.services.registry.url;
        const file = join(root, `${name}.yml`);
        writeFileSync(file, stringify(c));
        run(name, requireTool("docker-registry"), ["serve", file]);
        await waitFor(`http://${plan.bastion.address}${c.http.addr}/v2/`);
      }
      await waitFor(`${plan.services.matchbox.url}/boot.ipxe`);
    });
    afterAll(() => {
      for (const p of procs) p.kill();
      try {
        ip("netns", "del", NS);
      } catch {
        /* gone */
      }
      if (root) rmSync(root, { recursive: true, force: true });
    });

    it("t03/caches-answer-v2: every cache and the lab registry answer /v2/ with 200", async () => {
      const o = await live("t03/caches-answer-v2");
      expect(o?.status, o?.evidence.join("\n")).toBe("pass");
      expect(o?.evidence).toHaveLength(plan.caches.length + 1);
    });

    it("t03/matchbox-answers-boot-ipxe and t04/matchbox-selects-node pass on the real matchbox", async () => {
      expect((await live("t03/matchbox-answers-boot-ipxe"))?.status).toBe("pass");
      const o = await live("t04/matchbox-selects-node");
      expect(o?.status, o?.evidence.join("\n")).toBe("pass");
    });

    it("t04/matchbox-served-assets fails before the nodes boot and passes once their assets were fetched", async () => {
      expect((await live("t04/matchbox-served-assets"))?.status).toBe("fail");
      const http = ports().http;
      for (const n of plan.nodes) {
        const p = profileOf(plan, n);
        for (const path of [p.boot.kernel, ...p.boot.initrd])
          expect((await http.get(`${plan.services.matchbox.url}${path}`)).status).toBe(200);
      }
      await new Promise((r) => setTimeout(r, 300));
      const o = await live("t04/matchbox-served-assets");
      expect(o?.status, o?.evidence.join("\n")).toBe("pass");
    });

    it("t03/caches-answer-v2 fails when a cache is down", async () => {
      const docker = procs.find((p) => p.spawnargs.some((a) => a.endsWith("cache-docker-io.yml")));
      docker?.kill();
      await new Promise((r) => setTimeout(r, 300));
      await expect(live("t03/caches-answer-v2")).rejects.toThrow(/10\.10\.0\.100:5050/);
    });
  },
);
