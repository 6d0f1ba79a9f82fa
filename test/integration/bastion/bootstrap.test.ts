// The bootstrap side of the bundle: cloud-init accepts the AWS user-data and its archive unpacks to exactly the
// tree's files at their host paths; the scripts parse; the units pass systemd-analyze; the boot-asset fetcher
// downloads, records and verifies every profile's assets (and refuses a tampered one).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { finalContent, textOf } from "../../../src/artifacts/artifact.ts";
import { renderBastion } from "../../../src/render/bastion/index.ts";
import { hostPathOf } from "../../../src/render/bastion/layout.ts";
import { bootAssets, profileOf } from "../../../src/render/bastion/matchbox.ts";
import { bastionUserData, USER_DATA_LIMIT } from "../../../src/render/bastion/user-data.ts";
import { patched, planOf } from "../../support/lab.ts";
import { describeWithTools, requireTool } from "../../support/tools.ts";

/** Reads a ustar archive into path -> {mode, content}. */
function untar(buf: Buffer): Map<string, { mode: number; content: string }> {
  const out = new Map<string, { mode: number; content: string }>();
  for (let off = 0; off + 512 <= buf.length; ) {
    const h = buf.subarray(off, off + 512);
    if (h.every((b) => b === 0)) break;
    const str = (a: number, n: number) =>
      h
        .subarray(a, a + n)
        .toString("utf8")
        .replace(/\0.*$/s, "");
    const name = [str(345, 155), str(0, 100)].filter(Boolean).join("/");
    const size = Number.parseInt(str(124, 12), 8);
    const mode = Number.parseInt(str(100, 8), 8);
    out.set(name, { mode, content: buf.subarray(off + 512, off + 512 + size).toString("utf8") });
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

const moon = planOf(patched("moon", {}));

describe("AWS user-data", () => {
  it("fits EC2's 16 KB limit, starts with #cloud-config and carries no secret", () => {
    const ud = bastionUserData(moon);
    expect(ud.startsWith("#cloud-config\n")).toBe(true);
    expect(Buffer.byteLength(ud)).toBeLessThan(USER_DATA_LIMIT);
    expect(ud).not.toMatch(/PRIVATE KEY|api_password=|token:/);
  });

  it("its archive unpacks to exactly the tree's installed files, at their host paths and modes", () => {
    const doc = parse(bastionUserData(moon)) as { write_files: { content: string; encoding: string }[] };
    const archive = doc.write_files[0];
    expect(archive?.encoding).toBe("gz+b64");
    const files = untar(gunzipSync(Buffer.from(archive?.content ?? "", "base64")));
    const tree = renderBastion(moon, {}, {}).filter((a) => hostPathOf(a.path) !== undefined);
    expect([...files.keys()].sort()).toEqual(tree.map((a) => (hostPathOf(a.path) as string).slice(1)).sort());
    for (const a of tree) {
      const f = files.get((hostPathOf(a.path) as string).slice(1));
      expect(f?.content, a.path).toBe(textOf(a));
      expect(f?.mode, a.path).toBe(a.mode ?? 0o644);
    }
  });

  it("is byte-stable", () => {
    expect(bastionUserData(moon)).toBe(bastionUserData(planOf(patched("moon", {}))));
  });
});

describeWithTools(
  [{ name: "cloud-init", how: "scripts/install-test-tools.sh (Debian cloud-init)" }],
  "cloud-init schema",
  () => {
    it("accepts the rendered user-data (as embedded and as written to the tree)", () => {
      const dir = mkdtempSync(join(tmpdir(), "moonlab-ud-"));
      try {
        const tree = renderBastion(moon, {}, {}).find((a) => a.path === "bastion/cloud-init.yaml");
        for (const [name, content] of [
          ["embedded.yaml", bastionUserData(moon)],
          ["tree.yaml", tree ? (finalContent(tree) as string) : ""],
        ] as const) {
          writeFileSync(join(dir, name), content);
          const r = spawnSync(requireTool("cloud-init"), ["schema", "--config-file", join(dir, name)], {
            encoding: "utf8",
          });
          expect(r.status, r.stdout + r.stderr).toBe(0);
          expect(r.stdout).toContain("Valid");
        }
        writeFileSync(join(dir, "bad.yaml"), "#cloud-config\nwrite_files: {oops: 1}\n");
        expect(
          spawnSync(requireTool("cloud-init"), ["schema", "--config-file", join(dir, "bad.yaml")]).status,
        ).not.toBe(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  },
);

describe("bundle scripts and units", () => {
  for (const name of ["moon", "home"] as const) {
    const plan = planOf(patched(name, {}));
    it(`${name}: every script parses with sh -n`, () => {
      for (const a of renderBastion(plan, {}, {}).filter((x) => x.path.endsWith(".sh"))) {
        const r = spawnSync("sh", ["-n"], { input: finalContent(a) as string, encoding: "utf8" });
        expect(r.status, `${a.path}: ${r.stderr}`).toBe(0);
      }
    });
  }

  it("systemd-analyze verify accepts every unit (and the filter still sees a typo)", () => {
    const dir = mkdtempSync(join(tmpdir(), "moonlab-units-"));
    try {
      const units = [moon, planOf(patched("home", {}))].flatMap((p) =>
        renderBastion(p, {}, {}).filter((a) => a.path.endsWith(".service")),
      );
      const typo = {
        path: "bastion/systemd/moonlab-typo.service",
        content: "[Unit]\nDescription=x\n[Service]\nExecStart=/bin/true\nRestartt=always\n",
      };
      expect(units.length).toBeGreaterThan(5);
      for (const u of units) {
        const f = join(dir, u.path.split("/").pop() as string);
        writeFileSync(f, finalContent(u));
        const r = spawnSync("systemd-analyze", ["verify", "--man=no", f], { encoding: "utf8" });
        // Executables that only exist on the bastion (docker, dnsmasq) are reported; syntax errors are not allowed.
        const problems = (r.stderr ?? "")
          .split("\n")
          .filter(
            (l) =>
              l.trim() !== "" &&
              !/is not executable|No such file or directory|Failed to prepare filename|not found|Unit .* not found|docker\.service/i.test(
                l,
              ),
          );
        expect(problems, u.path).toEqual([]);
      }
      writeFileSync(join(dir, "moonlab-typo.service"), typo.content);
      const bad = spawnSync("systemd-analyze", ["verify", "--man=no", join(dir, "moonlab-typo.service")], {
        encoding: "utf8",
      });
      expect(bad.stderr).toContain("Unknown key");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("fetch-boot-assets.sh against a local stand-in for the Image Factory", () => {
  const plan = planOf(patched("home", {}));
  const script = textOf(
    renderBastion(plan, {}, {}).find((a) => a.path === "bastion/scripts/fetch-boot-assets.sh") ?? {
      path: "",
      content: "",
    },
  );
  let server: Server;
  let port = 0;
  let dir = "";
  const requests: string[] = [];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "moonlab-assets-"));
    server = createServer((req, res) => {
      requests.push(req.url ?? "");
      const body = req.url?.includes("cmdline-metal")
        ? "talos.platform=metal console=ttyS0\n"
        : `bytes of ${req.url}\n`;
      res.end(body);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    port = (server.address() as { port: number }).port;
    writeFileSync(join(dir, "fetch.sh"), script, { mode: 0o755 });
  });
  afterAll(() => {
    server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  const run = () =>
    new Promise<{ status: number | null; stderr: string }>((resolve) => {
      const child = runScript(join(dir, "fetch.sh"), {
        MOONLAB_ASSETS: join(dir, "assets"),
        MOONLAB_FACTORY: `http://127.0.0.1:${port}`,
      });
      let stderr = "";
      child.stderr?.on("data", (b: Buffer) => (stderr += b.toString()));
      child.on("close", (status) => resolve({ status, stderr }));
    });

  it("downloads every asset every profile boots, records SHA-256 sums, and skips them on the next run", async () => {
    const first = await run();
    expect(first.status, first.stderr).toBe(0);
    for (const n of plan.nodes) {
      const p = profileOf(plan, n);
      for (const path of [p.boot.kernel, ...p.boot.initrd])
        expect(existsSync(join(dir, "assets", path.replace(/^\/assets\//, "")))).toBe(true);
    }
    const sums = readFileSync(join(dir, "assets/SHA256SUMS"), "utf8");
    expect(sums.trim().split("\n")).toHaveLength(bootAssets(plan).length);
    const count = requests.length;
    expect(count).toBe(bootAssets(plan).length);
    expect((await run()).status).toBe(0);
    expect(requests.length).toBe(count);
  });

  it("fails when a downloaded asset no longer matches its recorded sum", async () => {
    const a = bootAssets(plan)[0];
    writeFileSync(join(dir, "assets", a?.path ?? ""), "tampered\n");
    const r = await run();
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/FAILED|WARNING/);
  });
});

function runScript(file: string, env: Record<string, string>) {
  return spawn("sh", [file], { env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe"] });
}
