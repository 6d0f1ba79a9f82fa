// scripts/test-tools/40-boot-payload.sh from zero: apt's package lists live in a private, empty directory (APT_CONFIG
// points Dir::State::Lists and Dir::Cache there), as on a fresh machine where the arm64 lists were never fetched.
// The script must fetch the lists it needs itself (without `dpkg --add-architecture`) and, when apt fails, exit
// non-zero saying what failed instead of ending silently. The payloads already installed in .tools are copied into
// the private output folder so the run proves the lookup, not a 50 MB download (install-test-tools proves that).
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { describeWithTools, isRoot, ROOT } from "../support/tools.ts";

const SCRIPT = join(ROOT, "scripts/test-tools/40-boot-payload.sh");
const work = mkdtempSync(join(tmpdir(), "moonlab-boot-payload-test-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function aptConfig(name: string, extra = ""): string {
  const dir = join(work, name);
  mkdirSync(join(dir, "lists/partial"), { recursive: true });
  mkdirSync(join(dir, "cache/archives/partial"), { recursive: true });
  const conf = join(dir, "apt.conf");
  writeFileSync(conf, `Dir::State::Lists "${dir}/lists";\nDir::Cache "${dir}/cache";\n${extra}`);
  return conf;
}

function run(conf: string, tools: string) {
  return spawnSync("bash", [SCRIPT], {
    env: { ...process.env, APT_CONFIG: conf, MOONLAB_TOOLS: tools, MOONLAB_ROOT: ROOT },
    encoding: "utf8",
    timeout: 600_000,
  });
}

describeWithTools(
  [{ name: "apt-get", how: "a Debian machine", probe: isRoot }],
  "40-boot-payload.sh on a machine whose apt lists were never fetched",
  () => {
    it("fetches the amd64 and arm64 lists itself and finds both payloads", { timeout: 600_000 }, () => {
      const installed = join(ROOT, ".tools/boot-payload");
      const tools = join(work, "tools");
      mkdirSync(join(tools, "boot-payload"), { recursive: true });
      // Only copy what a previous install left; a missing arch is then downloaded for real.
      for (const arch of ["amd64", "arm64"])
        if (existsSync(join(installed, arch, "PACKAGE")))
          cpSync(join(installed, arch), join(tools, "boot-payload", arch), { recursive: true });
      const r = run(aptConfig("fresh"), tools);
      expect(r.status, r.stderr).toBe(0);
      for (const arch of ["amd64", "arm64"]) {
        const pkg = readFileSync(join(tools, "boot-payload", arch, "PACKAGE"), "utf8");
        expect(pkg).toMatch(new RegExp(`^linux-image-[0-9.]+-[0-9]+-cloud-${arch} `));
        expect(existsSync(join(tools, "boot-payload", arch, "vmlinuz"))).toBe(true);
      }
      expect(existsSync(join(tools, "boot-payload", "arm64", "busybox"))).toBe(true);
    });

    it("fails loudly, naming the step, when apt cannot reach any source", { timeout: 120_000 }, () => {
      const conf = aptConfig("broken", `Dir::Etc::SourceList "/dev/null";\nDir::Etc::SourceParts "${work}/none";\n`);
      const r = run(conf, join(work, "tools-broken"));
      expect(r.status).not.toBe(0);
      expect(r.stderr).toMatch(/linux-image-cloud-amd64/);
      expect(r.stderr).toMatch(/40-boot-payload\.sh/);
    });
  },
);
