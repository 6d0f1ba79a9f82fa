// The whole boot chain on real programs: `moonlab rehearse` brings the local example's rendered bastion bundle up
// in a network namespace (Debian's dnsmasq, matchbox v0.11.0, Debian's docker-registry) and netboots its two
// x86_64 nodes as qemu VMs (TCG), one through the NIC's iPXE ROM (BIOS) and one through OVMF's PXE client, which
// fetches Debian's ipxe.efi from dnsmasq over TFTP. Each VM runs the busybox payload, which phones home with its
// MAC, its kernel command line and the digest of the machine config it fetched from talos.config=.
import { execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadLab } from "../../../src/plan/load-lab.ts";
import { netnsExists } from "../../../src/rehearse/netns.ts";
import { type RehearsalReport, rehearse } from "../../../src/rehearse/rehearse.ts";
import { profileOf } from "../../../src/render/bastion/matchbox.ts";
import { describeWithTools, isRoot, ROOT, type ToolRequirement } from "../../support/tools.ts";

const PAYLOAD = join(ROOT, ".tools/boot-payload/amd64/vmlinuz");
const how = "scripts/install-test-tools.sh";
const TOOLS: ToolRequirement[] = [
  { name: "ip", how: `${how} (iproute2), run as root`, probe: isRoot },
  { name: "dnsmasq", how: `${how} (10-debian.sh)` },
  { name: "matchbox", how: `${how} (31-matchbox.sh)` },
  { name: "docker-registry", how: `${how} (10-debian.sh)` },
  { name: "curl", how: `${how} (10-debian.sh)` },
  { name: "busybox", how: `${how} (10-debian.sh: busybox-static)` },
  {
    name: "qemu-system-x86_64",
    how: `${how} (10-debian.sh: qemu-system-x86, ovmf; 40-boot-payload.sh: the Debian cloud kernel)`,
    probe: () => existsSync(PAYLOAD) && existsSync("/usr/share/OVMF/OVMF_CODE_4M.fd"),
  },
];

const SPEC = join(ROOT, "examples/local.lab.yaml");

/** Processes whose command line mentions `needle` (qemu carries its UEFI variable file path from the work dir). */
function processesMentioning(needle: string): string[] {
  const out: string[] = [];
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
      if (cmd.includes(needle) && Number(pid) !== process.pid) out.push(`${pid}: ${cmd.slice(0, 200)}`);
    } catch {
      // exited
    }
  }
  return out;
}

describeWithTools(TOOLS, "moonlab rehearse: two x86_64 VMs netboot through the rendered dnsmasq + matchbox", () => {
  const lab = loadLab(SPEC);
  let workDir = "";
  let report: RehearsalReport;
  const lines: string[] = [];

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), "moonlab-rehearse-test-"));
    report = await rehearse(lab, {}, { workDir, firmware: "mixed", bootTimeoutMs: 200_000, log: (l) => lines.push(l) });
  }, 330_000);

  afterAll(() => {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it("boots every node of the spec, each with a different MAC, BIOS and UEFI", () => {
    expect(report.nodes.map((n) => n.name)).toEqual(lab.plan.nodes.map((n) => n.name));
    expect(new Set(report.nodes.map((n) => n.mac)).size).toBe(report.nodes.length);
    expect(report.nodes.map((n) => n.firmware)).toEqual(["bios", "uefi"]);
    for (const n of report.nodes) expect(n.problems, `${n.name}\n${lines.join("\n")}`).toEqual([]);
  });

  it("each node phoned home with its own MAC, static lease and profile's kernel args, not the other's", () => {
    for (const n of report.nodes) {
      const planNode = lab.plan.nodes.find((x) => x.name === n.name);
      if (!planNode?.mac) throw new Error(`no plan node ${n.name}`);
      const own = profileOf(lab.plan, planNode).boot.args.join(" ");
      expect(n.report?.mac).toBe(planNode.mac);
      expect(n.report?.ip).toBe(planNode.address);
      // The seed image (manifest + 2 blobs) pulled through every cache from the node's own address.
      expect(n.report?.pulls).toBe(`${lab.plan.caches.length * 3}/${lab.plan.caches.length * 3}`);
      // UEFI iPXE passes the image name first (see boot.ts); the rest is the profile's args, byte for byte.
      expect(n.report?.cmdline.replace(/^kernel-amd64 /, "")).toBe(own);
      expect(own).toContain(
        `talos.config=${lab.plan.services.matchbox.url}/generic?mac=${encodeURIComponent(planNode.mac)}`,
      );
      for (const other of lab.plan.nodes.filter((x) => x.name !== n.name))
        expect(n.report?.cmdline).not.toContain(encodeURIComponent(other.mac ?? "-"));
    }
    const digests = report.nodes.map((n) => n.report?.configSha256);
    expect(digests.every((d) => /^[0-9a-f]{64}$/.test(d ?? ""))).toBe(true);
    expect(new Set(digests).size).toBe(digests.length);
  });

  it("the logs show the chain: DHCPACK per MAC, TFTP ipxe.efi to the UEFI node, matchbox asset GETs per group", () => {
    const dnsmasq = readFileSync(join(workDir, "root/var/log/moonlab/dnsmasq.log"), "utf8");
    const matchbox = readFileSync(join(workDir, "root/var/log/moonlab/matchbox.log"), "utf8");
    for (const n of lab.plan.nodes) {
      expect(dnsmasq).toMatch(new RegExp(`DHCPACK\\(br0\\) ${n.address.replace(/\./g, "\\.")} ${n.mac}`));
      const p = profileOf(lab.plan, n);
      expect(matchbox).toContain(`HTTP GET ${p.boot.kernel}`);
      expect(matchbox).toContain(`HTTP GET ${p.boot.initrd[0]}`);
      expect(matchbox).toContain(`HTTP GET /ipxe?uuid=`);
    }
    const uefi = report.nodes.find((n) => n.firmware === "uefi");
    const uefiNode = lab.plan.nodes.find((n) => n.name === uefi?.name);
    expect(dnsmasq).toContain(`ipxe.efi to ${uefiNode?.address}`);
    // The BIOS node's NIC ROM is already iPXE: it goes straight to matchbox (no TFTP).
    const bios = lab.plan.nodes.find((n) => n.name === report.nodes.find((x) => x.firmware === "bios")?.name);
    expect(dnsmasq).not.toContain(`undionly.kpxe to ${bios?.address}`);
  });

  it("runs the live T03/T04 checks against the local bastion: none fails or errors", () => {
    const byId = new Map(report.checks.map((c) => [c.id, c]));
    for (const c of report.checks)
      expect(["pass", "not-applicable"], `${c.id}: ${c.evidence.join("; ")} ${c.reason ?? ""}`).toContain(c.status);
    for (const id of [
      "t03/caches-answer-v2",
      "t03/matchbox-answers-boot-ipxe",
      "t04/dhcp-ack-per-node",
      "t04/matchbox-served-assets",
      "t04/matchbox-selects-node",
      "t04/caches-pulled-by-nodes",
    ])
      expect(byId.get(id)?.status, id).toBe("pass");
    expect(byId.get("t03/dns-through-pihole")?.reason).toMatch(/not rehearsed: .*Pi-hole/);
    expect(report.ok).toBe(true);
  });

  it("tears everything down: namespace deleted, no VM or service left", async () => {
    expect(await netnsExists(report.netns)).toBe(false);
    expect(processesMentioning(workDir)).toEqual([]);
  });
});

describeWithTools(TOOLS, "moonlab rehearse cleans up on failure and on signals", () => {
  it("a node that cannot phone home in time fails the rehearsal and leaves nothing running", async () => {
    const workDir = mkdtempSync(join(tmpdir(), "moonlab-rehearse-fail-"));
    try {
      const report = await rehearse(
        loadLab(SPEC),
        {},
        { workDir, firmware: "uefi", bootTimeoutMs: 4000, checks: false },
      );
      expect(report.ok).toBe(false);
      for (const n of report.nodes) expect(n.problems.join("\n")).toMatch(/timed out after 4 s waiting for/);
      expect(await netnsExists(report.netns)).toBe(false);
      expect(processesMentioning(workDir)).toEqual([]);
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  }, 120_000);

  it("SIGTERM during the boot tears the namespace and every process down", async () => {
    const workDir = mkdtempSync(join(tmpdir(), "moonlab-rehearse-sig-"));
    try {
      const child = spawn(join(ROOT, "moonlab"), ["rehearse", "--work-dir", workDir, "--firmware", "uefi"], {
        stdio: ["ignore", "ignore", "pipe"],
      });
      let stderr = "";
      const booting = new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no boot within 90 s:\n${stderr}`)), 90_000);
        child.stderr.on("data", (d: Buffer) => {
          stderr += d.toString();
          if (stderr.includes("booting ")) {
            clearTimeout(t);
            resolve();
          }
        });
      });
      await booting;
      const netns = /namespace (moonlab-rh-\S+)/.exec(stderr)?.[1] ?? "";
      expect(netns).not.toBe("");
      expect(await netnsExists(netns)).toBe(true);
      const code = await new Promise<number | null>((resolve) => {
        child.once("exit", (c) => resolve(c));
        child.kill("SIGTERM");
      });
      expect(code).toBe(143);
      expect(await netnsExists(netns)).toBe(false);
      expect(processesMentioning(workDir)).toEqual([]);
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  }, 150_000);

  it("the CLI refuses a spec that is not the local target with exit code 2", async () => {
    const code = await new Promise<number | null>((resolve) =>
      execFile(join(ROOT, "moonlab"), ["rehearse", "--spec", join(ROOT, "examples/moon.lab.yaml")], (e) =>
        resolve(e ? ((e as { code?: number }).code ?? 1) : 0),
      ),
    );
    expect(code).toBe(2);
  }, 60_000);
});
