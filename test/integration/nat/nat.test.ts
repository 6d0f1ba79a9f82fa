// The bastion as the nodes' IPv4 NAT instance (bastion.nat), with the real kernel and nft: three network namespaces,
// a "node" (the first node's address, default route via the bastion, as its machine config says), a "bastion" with a
// lab side (the bastion address) and a public side, and an "internet" holding a server address outside the lab. The
// bastion gets the RENDERED sysctl.d file and firewall.nft. Then: the node reaches the server, the server sees the
// bastion's public-side address (masquerade), and the internet cannot open a connection to the node even with a route
// to the lab subnet through the bastion. Controls before the rules show the drops and the rewrite are the ruleset's.
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { finalContent } from "../../../src/artifacts/artifact.ts";
import { renderBastion } from "../../../src/render/bastion/index.ts";
import { machineConfigDocuments } from "../../../src/render/talos/machine-config.ts";
import { labs } from "../../fakes/bastion-tree.ts";
import { fixtureSecrets } from "../../fakes/secrets.ts";
import { describeWithTools, isRoot, requireTool } from "../../support/tools.ts";

const tag = process.pid % 100000;
const NS = { node: `mlb-nat-n${tag}`, bastion: `mlb-nat-b${tag}`, inet: `mlb-nat-i${tag}` };
const plan = labs.moon();
const node = plan.nodes[0];
const BASTION_PUBLIC = "203.0.113.1"; // TEST-NET-3: the bastion's public side
const UPLINK = "203.0.113.2"; // the internet's side of that link (the bastion's default gateway)
const SERVER = "198.51.100.7"; // TEST-NET-2: a server on the internet, outside the lab
const PORT = 8000;

const ip = (...a: string[]) => execFileSync("ip", a, { stdio: ["ignore", "pipe", "pipe"] }).toString();

/** A tiny HTTP server that answers every GET with the client's address. */
const ECHO_SERVER = `
import http.server, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = self.client_address[0].encode()
        self.send_response(200); self.send_header("Content-Length", str(len(body))); self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a): pass
http.server.ThreadingHTTPServer((sys.argv[1], int(sys.argv[2])), H).serve_forever()
`;

/** The body from curl inside a namespace, or "dropped" when the connection times out. */
function get(ns: string, url: string): string {
  const r = spawnSync("ip", ["netns", "exec", ns, "curl", "-s", "--max-time", "2", url], { encoding: "utf8" });
  return r.status === 0 ? r.stdout : r.status === 28 ? "dropped" : `curl exit ${r.status}`;
}

describeWithTools(
  [
    { name: "nft", how: "scripts/install-test-tools.sh (31-matchbox.sh installs nftables)" },
    { name: "curl", how: "apt-get install curl" },
    { name: "python3", how: "apt-get install python3" },
    { name: "ip", how: "apt-get install iproute2; run as root", probe: isRoot },
  ],
  "the bastion as the nodes' IPv4 NAT instance (rendered sysctl + nft in network namespaces)",
  () => {
    let dir = "";
    const servers: ChildProcess[] = [];
    const ns = (n: string, ...a: string[]) => ip("-n", n, ...a);
    beforeAll(async () => {
      if (!node) throw new Error("no node in the moon lab");
      expect(plan.bastion.nat).toBe(true);
      dir = mkdtempSync(join(tmpdir(), "moonlab-nat-"));
      for (const n of Object.values(NS)) ip("netns", "add", n);
      ip("link", "add", `mlbnl${tag}`, "netns", NS.bastion, "type", "veth", "peer", "name", "eth0", "netns", NS.node);
      ip("link", "add", `mlbnp${tag}`, "netns", NS.bastion, "type", "veth", "peer", "name", "eth0", "netns", NS.inet);
      ns(NS.bastion, "addr", "add", `${plan.bastion.address}/24`, "dev", `mlbnl${tag}`);
      ns(NS.bastion, "addr", "add", `${BASTION_PUBLIC}/24`, "dev", `mlbnp${tag}`);
      ns(NS.node, "addr", "add", `${node.address}/24`, "dev", "eth0");
      ns(NS.inet, "addr", "add", `${UPLINK}/24`, "dev", "eth0");
      ns(NS.inet, "addr", "add", `${SERVER}/32`, "dev", "lo");
      for (const [n, dev] of [
        [NS.bastion, `mlbnl${tag}`],
        [NS.bastion, `mlbnp${tag}`],
        [NS.node, "eth0"],
        [NS.inet, "eth0"],
      ] as const) {
        ns(n, "link", "set", dev, "up");
        ns(n, "link", "set", "lo", "up");
      }
      ns(NS.bastion, "route", "add", "default", "via", UPLINK);
      // The node's IPv4 default route as its rendered machine config states it (gateway + metric).
      const docs = machineConfigDocuments(plan, node, await fixtureSecrets());
      const link = docs.find((d) => d.kind === "LinkConfig") as { routes: { gateway: string; metric: number }[] };
      const route = link.routes[0];
      if (!route) throw new Error("no NAT route in the machine config");
      ns(NS.node, "route", "add", "default", "via", route.gateway, "metric", String(route.metric));
      // An "attacker" on the internet that routes the lab subnet through the bastion's public side.
      ns(NS.inet, "route", "add", plan.network.subnet, "via", BASTION_PUBLIC);
      for (const [n, addr] of [
        [NS.inet, SERVER],
        [NS.node, node.address],
      ] as const)
        servers.push(
          spawn("ip", ["netns", "exec", n, "python3", "-c", ECHO_SERVER, addr, String(PORT)], { stdio: "ignore" }),
        );
      for (let i = 0; i < 50 && get(NS.inet, `http://${SERVER}:${PORT}/`) !== UPLINK; i++)
        await new Promise((r) => setTimeout(r, 100));
      for (let i = 0; i < 50 && get(NS.node, `http://${node.address}:${PORT}/`) !== node.address; i++)
        await new Promise((r) => setTimeout(r, 100));
      const files = renderBastion(plan, {}, {});
      for (const p of ["bastion/firewall.nft", "bastion/sysctl/90-moonlab-nat.conf"]) {
        const a = files.find((f) => f.path === p);
        if (!a) throw new Error(`${p} was not rendered`);
        writeFileSync(join(dir, p.split("/").pop() as string), finalContent(a));
      }
    });
    afterAll(() => {
      for (const s of servers) s.kill();
      for (const n of Object.values(NS)) {
        try {
          ip("netns", "del", n);
        } catch {
          /* gone */
        }
      }
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("before the sysctl, the bastion does not forward: the node cannot reach the internet", () => {
      ip("netns", "exec", NS.bastion, "sysctl", "-q", "-w", "net.ipv4.ip_forward=0");
      expect(get(NS.node, `http://${SERVER}:${PORT}/`)).toBe("dropped");
    });

    it("the rendered sysctl.d file turns forwarding on (control: without rules the source is the node's own)", () => {
      ip("netns", "exec", NS.bastion, "sysctl", "-q", "-p", join(dir, "90-moonlab-nat.conf"));
      const fwd = ip("netns", "exec", NS.bastion, "sysctl", "-n", "net.ipv4.ip_forward");
      expect(fwd.trim()).toBe("1");
      // no masquerade yet: the server sees the lab address (reachable only because of the attacker route)
      expect(get(NS.node, `http://${SERVER}:${PORT}/`)).toBe(node?.address);
      // and the internet can open a connection to the node: the block below is the ruleset's
      expect(get(NS.inet, `http://${node?.address}:${PORT}/`)).toBe(UPLINK);
    });

    it("nft loads the rendered firewall.nft with its NAT chains (twice: replaced, not duplicated)", () => {
      const nft = requireTool("nft");
      for (let i = 0; i < 2; i++)
        execFileSync("ip", ["netns", "exec", NS.bastion, nft, "-f", join(dir, "firewall.nft")]);
      const rules = execFileSync("ip", ["netns", "exec", NS.bastion, nft, "list", "table", "inet", "moonlab"], {
        encoding: "utf8",
      });
      expect(rules).toMatch(/hook postrouting/);
      expect(rules).toMatch(/masquerade/);
      expect(rules).toMatch(/hook forward/);
    });

    it("the node reaches the internet server, which sees the bastion's public-side address (masquerade)", () => {
      expect(get(NS.node, `http://${SERVER}:${PORT}/`)).toBe(BASTION_PUBLIC);
    });

    it("the internet cannot open a connection to the node, even routing the lab subnet through the bastion", () => {
      expect(get(NS.inet, `http://${node?.address}:${PORT}/`)).toBe("dropped");
    });

    it("the bastion's own services still answer the lab and stay closed to the outside", () => {
      // matchbox's port with nothing listening: the lab gets a refusal (reached), the internet a drop
      expect(get(NS.node, `http://${plan.bastion.address}:8080/`)).toBe("curl exit 7");
      expect(get(NS.inet, `http://${plan.bastion.address}:8080/`)).toBe("dropped");
    });
  },
);
