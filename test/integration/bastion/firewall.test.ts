// The rendered firewall.nft, loaded by the real nft into a namespace that holds the bastion's address: service ports
// answer the lab subnet and drop everyone else; other ports are left alone; loading twice is idempotent.
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { finalContent } from "../../../src/artifacts/artifact.ts";
import { renderBastion } from "../../../src/render/bastion/index.ts";
import { labs } from "../../fakes/bastion-tree.ts";
import { describeWithTools, isRoot, requireTool } from "../../support/tools.ts";

const tag = process.pid % 100000;
const NS = { srv: `mlb-fw-s${tag}`, lab: `mlb-fw-l${tag}`, out: `mlb-fw-o${tag}` };
const ip = (...a: string[]) => execFileSync("ip", a, { stdio: ["ignore", "pipe", "pipe"] }).toString();
const plan = labs.moon();

/** HTTP status from curl inside a namespace, or "dropped" when the connection times out. */
function probe(ns: string, url: string): string {
  const r = spawnSync(
    "ip",
    ["netns", "exec", ns, "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "2", url],
    {
      encoding: "utf8",
    },
  );
  return r.status === 0 ? r.stdout : r.status === 28 ? "dropped" : `curl exit ${r.status}`;
}

describeWithTools(
  [
    { name: "nft", how: "scripts/install-test-tools.sh (31-matchbox.sh installs nftables)" },
    { name: "curl", how: "apt-get install curl" },
    { name: "ip", how: "apt-get install iproute2; run as root", probe: isRoot },
  ],
  "firewall.nft keeps the bastion's services to the lab subnet",
  () => {
    let dir = "";
    const servers: ChildProcess[] = [];
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), "moonlab-fw-"));
      for (const ns of Object.values(NS)) ip("netns", "add", ns);
      ip("link", "add", `mlbfl${tag}`, "netns", NS.srv, "type", "veth", "peer", "name", "eth0", "netns", NS.lab);
      ip("link", "add", `mlbfo${tag}`, "netns", NS.srv, "type", "veth", "peer", "name", "eth0", "netns", NS.out);
      ip("-n", NS.srv, "addr", "add", `${plan.bastion.address}/24`, "dev", `mlbfl${tag}`);
      ip("-n", NS.srv, "addr", "add", "192.0.2.1/24", "dev", `mlbfo${tag}`);
      ip("-n", NS.lab, "addr", "add", "10.10.0.50/24", "dev", "eth0");
      ip("-n", NS.out, "addr", "add", "192.0.2.2/24", "dev", "eth0");
      for (const [ns, dev] of [
        [NS.srv, `mlbfl${tag}`],
        [NS.srv, `mlbfo${tag}`],
        [NS.lab, "eth0"],
        [NS.out, "eth0"],
      ] as const) {
        ip("-n", ns, "link", "set", dev, "up");
        ip("-n", ns, "link", "set", "lo", "up");
      }
      ip("-n", NS.out, "route", "add", "default", "via", "192.0.2.1");
      for (const port of [8080, 5050, 9999])
        servers.push(
          spawn("ip", ["netns", "exec", NS.srv, "python3", "-m", "http.server", String(port), "--bind", "0.0.0.0"], {
            cwd: dir,
            stdio: "ignore",
          }),
        );
      for (let i = 0; i < 50 && probe(NS.lab, `http://${plan.bastion.address}:9999/`) !== "200"; i++)
        await new Promise((r) => setTimeout(r, 100));
      const fw = renderBastion(plan, {}, {}).find((a) => a.path === "bastion/firewall.nft");
      writeFileSync(join(dir, "firewall.nft"), fw ? finalContent(fw) : "");
    });
    afterAll(() => {
      for (const s of servers) s.kill();
      for (const ns of Object.values(NS)) {
        try {
          ip("netns", "del", ns);
        } catch {
          /* gone */
        }
      }
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("before the rules, everyone reaches matchbox (so the drops below are the firewall's)", () => {
      expect(probe(NS.out, `http://${plan.bastion.address}:8080/`)).toBe("200");
    });

    it("nft loads it (twice: the table is replaced, not duplicated)", () => {
      const nft = requireTool("nft");
      for (let i = 0; i < 2; i++) execFileSync("ip", ["netns", "exec", NS.srv, nft, "-f", join(dir, "firewall.nft")]);
      const tables = execFileSync("ip", ["netns", "exec", NS.srv, nft, "list", "tables"], { encoding: "utf8" });
      expect(tables.trim()).toBe("table inet moonlab");
    });

    it("the lab subnet reaches matchbox and the caches; an outside address is dropped; other ports untouched", () => {
      expect(probe(NS.lab, `http://${plan.bastion.address}:8080/`)).toBe("200");
      expect(probe(NS.lab, `http://${plan.bastion.address}:5050/`)).toBe("200");
      expect(probe(NS.out, `http://${plan.bastion.address}:8080/`)).toBe("dropped");
      expect(probe(NS.out, `http://${plan.bastion.address}:5050/`)).toBe("dropped");
      expect(probe(NS.out, `http://${plan.bastion.address}:9999/`)).toBe("200");
    });

    it("every target's rendered ruleset passes nft --check", () => {
      for (const make of Object.values(labs)) {
        const fw = renderBastion(make(), {}, {}).find((a) => a.path === "bastion/firewall.nft");
        const f = join(dir, "check.nft");
        writeFileSync(f, fw ? finalContent(fw) : "");
        const r = spawnSync("ip", ["netns", "exec", NS.lab, requireTool("nft"), "--check", "-f", f], {
          encoding: "utf8",
        });
        expect(r.status, r.stderr).toBe(0);
      }
    });
  },
);
