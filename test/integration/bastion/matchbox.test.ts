// The real matchbox v0.11.0 serves the rendered data dir: each node gets exactly its profile and machine config,
// an unknown node gets 404, assets are served and logged.
import { type ChildProcess, spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Plan } from "../../../src/plan/types.ts";
import { ipxeUserData } from "../../../src/render/aws/stack/nodes.ts";
import { bootAssets, genericTemplate, profileOf } from "../../../src/render/bastion/matchbox.ts";
import { bastionSecretFiles } from "../../../src/render/bastion/secret-files.ts";
import { machineConfigYaml } from "../../../src/render/talos/machine-config.ts";
import type { LabSecrets } from "../../../src/secrets/types.ts";
import { fixtureSecrets } from "../../fakes/secrets.ts";
import { patched, planOf } from "../../support/lab.ts";
import { describeWithTools, requireTool } from "../../support/tools.ts";
import { writeBundle, writeFile } from "./bundle-dir.ts";

const PORTS = { home: 18471, moon: 18472 } as const;

interface Server {
  readonly url: string;
  readonly proc: ChildProcess;
  readonly log: string[];
  readonly dir: string;
}

async function startMatchbox(plan: Plan, secrets: LabSecrets, port: number, tweak?: (data: string) => void) {
  const bundle = writeBundle(plan, secrets);
  const data = join(bundle, "matchbox");
  for (const f of bastionSecretFiles(plan, secrets)) if (f.relative) writeFile(join(data, f.relative), f.content);
  for (const a of bootAssets(plan)) writeFile(join(data, "assets", a.path), `fake ${a.kind} of ${a.group}\n`);
  tweak?.(data);
  const log: string[] = [];
  const proc = spawn(
    requireTool("matchbox"),
    [`-address=127.0.0.1:${port}`, `-data-path=${data}`, `-assets-path=${join(data, "assets")}`, "-log-level=debug"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  proc.stdout?.on("data", (b: Buffer) => log.push(b.toString()));
  proc.stderr?.on("data", (b: Buffer) => log.push(b.toString()));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${url}/boot.ipxe`)).ok) return { url, proc, log, dir: join(bundle, "..") };
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  proc.kill();
  throw new Error(`matchbox did not start on :${port}: ${log.join("")}`);
}

const get = async (url: string) => {
  const r = await fetch(url);
  return { status: r.status, body: await r.text() };
};

/** The iPXE script matchbox must render for a profile (matchbox http/ipxe.go template). */
function expectedIpxe(plan: Plan, node: Plan["nodes"][number]): string {
  const p = profileOf(plan, node);
  return `#!ipxe\nkernel ${p.boot.kernel} ${p.boot.args.join(" ")}\n${p.boot.initrd.map((i) => `initrd ${i}\n`).join("")}boot\n`;
}

describeWithTools(
  [{ name: "matchbox", how: "scripts/install-test-tools.sh (31-matchbox.sh builds v0.11.0)" }],
  "matchbox v0.11.0 serves the rendered bastion/matchbox data dir",
  () => {
    const servers: Server[] = [];
    let secrets: LabSecrets;
    const home = planOf(patched("home", {}));
    const moon = planOf(patched("moon", {}));
    const literal = "# a literal {{ .not_a_template }} survives\n";
    beforeAll(async () => {
      secrets = await fixtureSecrets();
      const first = home.nodes[0];
      servers.push(
        await startMatchbox(home, secrets, PORTS.home, (data) => {
          // A config holding `{{` must come back verbatim (generic templates are Go templates).
          if (first)
            writeFile(
              join(data, "generic", `${first.name}.yaml`),
              genericTemplate(machineConfigYaml(home, first, secrets) + literal),
            );
        }),
      );
      servers.push(await startMatchbox(moon, secrets, PORTS.moon));
    });
    afterAll(() => {
      for (const s of servers) {
        s.proc.kill();
        rmSync(s.dir, { recursive: true, force: true });
      }
    });
    const server = (i: number) => servers[i] as Server;

    it("/boot.ipxe chains to /ipxe with the MAC and arch", async () => {
      const r = await get(`${server(0).url}/boot.ipxe`);
      expect(r.status).toBe(200);
      expect(r.body.startsWith("#!ipxe\n")).toBe(true);
      // biome-ignore lint/suspicious/noTemplateCurlyInString: iPXE variables, not a JS template
      expect(r.body).toContain("chain ipxe?uuid=${uuid}&mac=${mac:hexhyp}");
    });

    it("home: /ipxe?mac= gives each node exactly its profile (colon or hyphen MAC)", async () => {
      for (const n of home.nodes) {
        const want = expectedIpxe(home, n);
        expect((await get(`${server(0).url}/ipxe?mac=${n.mac}`)).body).toBe(want);
        const hyphen = (n.mac ?? "").replace(/:/g, "-");
        expect((await get(`${server(0).url}/ipxe?mac=${hyphen}&arch=x86_64`)).body).toBe(want);
      }
    });

    it("home: /generic?mac= returns each node's machine config byte for byte", async () => {
      for (const [i, n] of home.nodes.entries()) {
        const r = await get(`${server(0).url}/generic?mac=${n.mac}`);
        expect(r.status).toBe(200);
        expect(r.body).toBe(machineConfigYaml(home, n, secrets) + (i === 0 ? literal : ""));
      }
    });

    it("aws: /ipxe?node= and /generic?node= select by node name", async () => {
      for (const n of moon.nodes) {
        expect((await get(`${server(1).url}/ipxe?node=${n.name}`)).body).toBe(expectedIpxe(moon, n));
        expect((await get(`${server(1).url}/generic?node=${n.name}`)).body).toBe(machineConfigYaml(moon, n, secrets));
      }
      // The kernel args point the node at the same URL that was just served.
      const first = moon.nodes[0];
      expect(first && profileOf(moon, first).boot.args).toContain(
        `talos.config=http://${moon.bastion.address}:8080/generic?node=${first?.name}`,
      );
    });

    it("aws: the iPXE AMI user-data the AWS family renders chains to exactly the node's profile", async () => {
      for (const n of moon.nodes) {
        const chain = /^chain (\S+) /m.exec(ipxeUserData(moon, n))?.[1] ?? "";
        expect(chain.startsWith(`${moon.services.matchbox.url}/ipxe?`)).toBe(true);
        const local = chain.replace(moon.services.matchbox.url, server(1).url);
        expect((await get(local)).body).toBe(expectedIpxe(moon, n));
      }
    });

    it("an unknown node gets 404, never someone else's config", async () => {
      expect((await get(`${server(0).url}/ipxe?mac=52:54:00:ff:ff:ff`)).status).toBe(404);
      expect((await get(`${server(0).url}/generic?mac=52:54:00:ff:ff:ff`)).status).toBe(404);
      expect((await get(`${server(1).url}/ipxe?node=nope`)).status).toBe(404);
      expect((await get(`${server(1).url}/generic?node=nope`)).status).toBe(404);
    });

    it("serves each profile's kernel and initramfs from /assets and logs the GETs", async () => {
      for (const n of home.nodes) {
        const p = profileOf(home, n);
        for (const path of [p.boot.kernel, ...p.boot.initrd]) {
          const r = await get(`${server(0).url}${path}`);
          expect(r.status).toBe(200);
          expect(r.body).toMatch(/^fake (kernel|initramfs) of /);
        }
      }
      const kernel = profileOf(home, home.nodes[0] as Plan["nodes"][number]).boot.kernel;
      await new Promise((r) => setTimeout(r, 200));
      expect(server(0).log.join("")).toContain(kernel);
    });
  },
);
