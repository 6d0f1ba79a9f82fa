// dnsmasq accepts every rendered config (`dnsmasq --test`), and the rendered full-DHCP config, run for real in a
// network namespace, leases each node its static address, hands iPXE binaries by client architecture and iPXE
// clients matchbox's /boot.ipxe, and logs the DHCPACK per node MAC (what the live T04 check reads).
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Plan } from "../../../src/plan/types.ts";
import { bootIpxeUrl, dnsmasqConf } from "../../../src/render/bastion/dnsmasq.ts";
import { patched, planOf } from "../../support/lab.ts";
import { describeWithTools, isRoot, requireTool } from "../../support/tools.ts";
import { writeBundle } from "./bundle-dir.ts";

const LOCAL = {
  target: "local",
  arch: "amd64",
  network: { dhcp: { mode: "full", range: { start: "10.17.13.160", end: "10.17.13.179" } } },
};

const CONFIGS: Record<string, () => Plan> = {
  "home (proxy-DHCP)": () => planOf(patched("home", {})),
  "home with IPv6 (router adverts)": () => planOf(patched("home", { network: { ipv6: true } })),
  "local (full DHCP)": () => planOf(patched("home", LOCAL)),
  "local amd64 with IPv6": () => planOf(patched("home", { ...LOCAL, network: { ...LOCAL.network, ipv6: true } })),
};

describeWithTools(
  [{ name: "dnsmasq", how: "scripts/install-test-tools.sh (Debian dnsmasq)" }],
  "dnsmasq --test",
  () => {
    for (const [name, make] of Object.entries(CONFIGS)) {
      it(`${name}: the rendered config passes dnsmasq --test`, () => {
        const dir = writeBundle(make(), {});
        try {
          const out = execFileSync(requireTool("dnsmasq"), ["--test", "-C", join(dir, "dnsmasq/dnsmasq.conf")], {
            encoding: "utf8",
            stdio: ["ignore", "pipe", "pipe"],
          });
          expect(String(out)).toBe("");
        } finally {
          rmSync(join(dir, ".."), { recursive: true, force: true });
        }
      });
    }
    it("dnsmasq --test rejects a broken config (so the pass above means something)", () => {
      const plan = planOf(patched("home", LOCAL));
      const dir = writeBundle(plan, {});
      const bad = join(dir, "bad.conf");
      writeFileSync(bad, `${dnsmasqConf(plan)}dhcp-match=set:x,option:no-such-option,1\n`);
      expect(() => execFileSync(requireTool("dnsmasq"), ["--test", "-C", bad], { stdio: "ignore" })).toThrow();
      rmSync(join(dir, ".."), { recursive: true, force: true });
    });
    it("AWS renders no dnsmasq config (the VPC owns DHCP)", () => {
      expect(() => dnsmasqConf(planOf(patched("moon", {})))).not.toThrow();
      const dir = writeBundle(planOf(patched("moon", {})), {});
      expect(existsSync(join(dir, "dnsmasq/dnsmasq.conf"))).toBe(false);
      rmSync(join(dir, ".."), { recursive: true, force: true });
    });
  },
);

const ip = (...args: string[]) => execFileSync("ip", args, { stdio: ["ignore", "pipe", "pipe"] }).toString();
const tag = `${process.pid % 100000}`;
/** Two namespaces joined by a veth pair; the server end carries the bastion's address (and any extra ones). */
function netnsPair(
  srv: string,
  cli: string,
  ifSrv: string,
  ifCli: string,
  address: string,
  extra: (ifSrv: string) => void = () => {},
): void {
  for (const ns of [srv, cli]) ip("netns", "add", ns);
  ip("link", "add", ifSrv, "netns", srv, "type", "veth", "peer", "name", ifCli, "netns", cli);
  ip("-n", srv, "addr", "add", address, "dev", ifSrv);
  extra(ifSrv);
  ip("-n", srv, "link", "set", ifSrv, "up");
  ip("-n", srv, "link", "set", "lo", "up");
  ip("-n", cli, "link", "set", ifCli, "up");
}

/** The rendered dnsmasq config run for real inside a namespace; resolves once its pid file exists. */
async function startDnsmasq(ns: string, bundle: string, work: string): Promise<ReturnType<typeof spawn>> {
  const child = spawn(
    "ip",
    // The temp dirs are root-only (0700); on the bastion dnsmasq drops to its own user.
    ["netns", "exec", ns, requireTool("dnsmasq"), "--keep-in-foreground", "--user=root"]
      .concat(["-C", join(bundle, "dnsmasq/dnsmasq.conf"), `--tftp-root=${join(work, "tftp")}`])
      .concat([`--log-facility=${join(work, "dnsmasq.log")}`, `--dhcp-leasefile=${join(work, "leases")}`])
      .concat([`--pid-file=${join(work, "dnsmasq.pid")}`]),
    { stdio: "ignore" },
  );
  for (let i = 0; i < 50 && !existsSync(join(work, "dnsmasq.pid")); i++) await new Promise((r) => setTimeout(r, 100));
  return child;
}

/** Stops dnsmasq, deletes the namespaces and the bundle, whatever state a failed test left. */
function teardown(dnsmasq: ReturnType<typeof spawn> | undefined, namespaces: string[], bundle: string): void {
  dnsmasq?.kill();
  for (const ns of namespaces) {
    try {
      ip("netns", "del", ns);
    } catch {
      /* already gone */
    }
  }
  if (bundle) rmSync(join(bundle, ".."), { recursive: true, force: true });
}

const NS_SRV = `mlb-dhcp-s${tag}`;
const NS_CLI = `mlb-dhcp-c${tag}`;
const IF_SRV = `mlbs${tag}`;
const IF_CLI = `mlbc${tag}`;

describeWithTools(
  [
    { name: "dnsmasq", how: "scripts/install-test-tools.sh (Debian dnsmasq)" },
    { name: "busybox", how: "scripts/install-test-tools.sh (busybox-static: udhcpc)" },
    { name: "ip", how: "apt-get install iproute2; run as root", probe: isRoot },
  ],
  "live dnsmasq in a network namespace answers DHCP with the rendered config",
  () => {
    const plan = planOf(patched("home", LOCAL));
    let bundle = "";
    let work = "";
    let dnsmasq: ReturnType<typeof spawn> | undefined;
    beforeAll(async () => {
      bundle = writeBundle(plan, {});
      work = join(bundle, "..", "run");
      mkdirSync(join(work, "tftp"), { recursive: true });
      netnsPair(NS_SRV, NS_CLI, IF_SRV, IF_CLI, `${plan.bastion.address}/${plan.network.prefixLength}`);
      const script = join(work, "udhcpc.sh");
      writeFileSync(script, '#!/bin/sh\n[ "$1" = bound ] && env > "$UDHCPC_OUT"\nexit 0\n');
      chmodSync(script, 0o755);
      dnsmasq = await startDnsmasq(NS_SRV, bundle, work);
    });
    afterAll(() => teardown(dnsmasq, [NS_SRV, NS_CLI], bundle));

    /** Runs udhcpc in the client namespace with a MAC and extra options; returns the bound lease's variables. */
    function lease(mac: string, options: string[] = []): Record<string, string> {
      ip("-n", NS_CLI, "link", "set", IF_CLI, "down");
      ip("-n", NS_CLI, "link", "set", IF_CLI, "address", mac);
      ip("-n", NS_CLI, "link", "set", IF_CLI, "up");
      const out = join(work, `lease-${mac.replace(/:/g, "")}-${options.length}.env`);
      execFileSync(
        "ip",
        [
          "netns",
          "exec",
          NS_CLI,
          requireTool("busybox"),
          "udhcpc",
          "-i",
          IF_CLI,
          "-n",
          "-q",
          "-f",
          "-t",
          "5",
          "-T",
          "1",
        ]
          .concat(["-s", join(work, "udhcpc.sh")])
          .concat(options.flatMap((o) => ["-x", o])),
        { env: { ...process.env, UDHCPC_OUT: out }, stdio: "ignore", timeout: 20_000 },
      );
      const vars: Record<string, string> = {};
      for (const line of readFileSync(out, "utf8").split("\n")) {
        const i = line.indexOf("=");
        if (i > 0) vars[line.slice(0, i)] = line.slice(i + 1);
      }
      return vars;
    }

    it("each node MAC gets its static address, the router and Pi-hole as DNS; dnsmasq logs the DHCPACK", () => {
      for (const n of plan.nodes) {
        const v = lease(n.mac as string);
        expect(v.ip).toBe(n.address);
        expect(v.router).toBe(plan.network.gateway);
        expect(v.dns?.trim()).toBe(plan.bastion.address);
      }
      const log = readFileSync(join(work, "dnsmasq.log"), "utf8");
      for (const n of plan.nodes) expect(log).toMatch(new RegExp(`DHCPACK\\(${IF_SRV}\\) ${n.address} ${n.mac}`));
    });

    it("an unknown MAC gets an address from the dynamic range", () => {
      const v = lease("52:54:00:aa:bb:01");
      const last = Number(v.ip?.split(".")[3]);
      expect(last).toBeGreaterThanOrEqual(160);
      expect(last).toBeLessThanOrEqual(179);
    });

    it("PXE clients get the iPXE binary of their architecture; iPXE clients get matchbox's /boot.ipxe", () => {
      const mac = plan.nodes[0]?.mac as string;
      expect(lease(mac, ["0x5d:0000"]).boot_file).toBe("undionly.kpxe");
      expect(lease(mac, ["0x5d:0007"]).boot_file).toBe("ipxe.efi");
      expect(lease(mac, ["0x5d:0009"]).boot_file).toBe("ipxe.efi");
      expect(lease(mac, ["0x5d:000b"]).boot_file).toBe("ipxe-arm64.efi");
      // iPXE sends user class "iPXE" (option 77) and its own client-arch: matchbox wins over TFTP (no loop).
      expect(lease(mac, ["0x5d:0007", "0x4d:69505845"]).boot_file).toBe(bootIpxeUrl(plan));
    });
  },
);

describe("bootIpxeUrl", () => {
  it("points at matchbox on the bastion", () => {
    const plan = planOf(patched("home", {}));
    expect(bootIpxeUrl(plan)).toBe(`http://${plan.bastion.address}:8080/boot.ipxe`);
  });
});

const PNS_SRV = `mlb-pxe-s${tag}`;
const PNS_CLI = `mlb-pxe-c${tag}`;
const PIF_SRV = `mlbps${tag}`;
const PIF_CLI = `mlbpc${tag}`;

describeWithTools(
  [
    { name: "dnsmasq", how: "scripts/install-test-tools.sh (Debian dnsmasq)" },
    { name: "busybox", how: "scripts/install-test-tools.sh (busybox-static: udhcpc)" },
    { name: "ip", how: "apt-get install iproute2; run as root", probe: isRoot },
  ],
  "live dnsmasq in proxy-DHCP mode (home) answers PXE clients only",
  () => {
    const plan = planOf(patched("home", {}));
    let bundle = "";
    let work = "";
    let dnsmasq: ReturnType<typeof spawn> | undefined;
    beforeAll(async () => {
      bundle = writeBundle(plan, {});
      work = join(bundle, "..", "run");
      mkdirSync(join(work, "tftp"), { recursive: true });
      netnsPair(PNS_SRV, PNS_CLI, PIF_SRV, PIF_CLI, `${plan.bastion.address}/${plan.network.prefixLength}`);
      dnsmasq = await startDnsmasq(PNS_SRV, bundle, work);
    });
    afterAll(() => teardown(dnsmasq, [PNS_SRV, PNS_CLI], bundle));

    /** Sends DHCPDISCOVERs (udhcpc gets no address from a proxy, so it fails; the server's log is the evidence). */
    function discover(options: string[], vendor?: string): void {
      spawnSyncQuiet([
        "netns",
        "exec",
        PNS_CLI,
        requireTool("busybox"),
        "udhcpc",
        "-i",
        PIF_CLI,
        "-n",
        "-q",
        "-f",
        "-t",
        "2",
        "-T",
        "1",
        "-s",
        "/bin/true",
        ...(vendor ? ["-V", vendor] : []),
        ...options.flatMap((o) => ["-x", o]),
      ]);
    }

    it("a plain DHCP client gets no offer (the home router owns addresses)", () => {
      discover([]);
      const log = readFileSync(join(work, "dnsmasq.log"), "utf8");
      expect(log).toMatch(/proxy on subnet/);
      expect(log).not.toMatch(/DHCPOFFER|PXE\(/);
    });

    it("PXE clients get a proxy offer tagged with their architecture; iPXE is recognised", () => {
      discover(["0x5d:0007"], "PXEClient:Arch:00007:UNDI:003016");
      discover(["0x5d:000b"], "PXEClient:Arch:00011:UNDI:003016");
      discover(["0x5d:0007", "0x4d:69505845"], "PXEClient:Arch:00007:UNDI:003016");
      const log = readFileSync(join(work, "dnsmasq.log"), "utf8");
      expect(log).toMatch(new RegExp(`PXE\\(${PIF_SRV}\\) [0-9a-f:]+ proxy`));
      expect(log).toMatch(/tags: efi-x64, /);
      expect(log).toMatch(/tags: efi-arm64, /);
      expect(log).toMatch(/tags: ipxe, efi-x64, /);
    });
  },
);

/** Runs a command that is expected to fail (udhcpc gets no lease from a proxy); only a timeout is an error. */
function spawnSyncQuiet(args: string[]): void {
  const r = spawnSync("ip", args, { stdio: "ignore", timeout: 20_000 });
  if (r.error) throw r.error;
}

const RNS_SRV = `mlb-ra-s${tag}`;
const RNS_CLI = `mlb-ra-c${tag}`;

describeWithTools(
  [
    { name: "dnsmasq", how: "scripts/install-test-tools.sh (Debian dnsmasq)" },
    { name: "ip", how: "apt-get install iproute2; run as root", probe: isRoot },
  ],
  "live dnsmasq with IPv6 on sends router adverts (iPXE does not wait for one)",
  () => {
    const plan = planOf(patched("home", { ...LOCAL, network: { ...LOCAL.network, ipv6: true } }));
    let bundle = "";
    let dnsmasq: ReturnType<typeof spawn> | undefined;
    beforeAll(async () => {
      bundle = writeBundle(plan, {});
      const work = join(bundle, "..", "run");
      mkdirSync(join(work, "tftp"), { recursive: true });
      netnsPair(
        RNS_SRV,
        RNS_CLI,
        `mlbrs${tag}`,
        `mlbrc${tag}`,
        `${plan.bastion.address}/${plan.network.prefixLength}`,
        (dev) =>
          // The bastion's address in the segment's IPv6 prefix (from the router at home): dnsmasq advertises that prefix.
          ip("-n", RNS_SRV, "addr", "add", "fd00:17:13::140/64", "dev", dev, "nodad"),
      );
      dnsmasq = await startDnsmasq(RNS_SRV, bundle, work);
    });
    afterAll(() => teardown(dnsmasq, [RNS_SRV, RNS_CLI], bundle));

    it("a client on the segment autoconfigures an address in the advertised prefix", async () => {
      let addrs = "";
      for (let i = 0; i < 100 && !addrs.includes("fd00:17:13:"); i++) {
        await new Promise((r) => setTimeout(r, 200));
        addrs = ip("-n", RNS_CLI, "-6", "addr", "show", "dev", `mlbrc${tag}`);
      }
      expect(addrs).toMatch(/inet6 fd00:17:13:0?:[0-9a-f:]+\/64 scope global/);
    });
  },
);
