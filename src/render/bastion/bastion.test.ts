import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { labs } from "../../../test/fakes/bastion-tree.ts";
import { patched, planOf } from "../../../test/support/lab.ts";
import { textOf } from "../../artifacts/artifact.ts";
import { renderBastion } from "./index.ts";
import { hostPathOf } from "./layout.ts";
import { genericTemplate, selectorQuery } from "./matchbox.ts";
import { bastionSecretFiles } from "./secret-files.ts";
import { bastionServices } from "./services.ts";
import { tar } from "./tar.ts";
import { bastionUserData, bundleEntries, USER_DATA_LIMIT } from "./user-data.ts";

describe("renderBastion", () => {
  for (const [name, make] of Object.entries(labs)) {
    it(`${name}: byte-stable, sorted, under bastion/, every installed file at a distinct host path`, () => {
      const a = renderBastion(make(), {}, {});
      const b = renderBastion(make(), {}, {});
      expect(a).toEqual(b);
      const paths = a.map((x) => x.path);
      expect(paths).toEqual([...paths].sort());
      expect(paths.every((p) => p.startsWith("bastion/"))).toBe(true);
      const hosts = paths.map(hostPathOf).filter((h) => h !== undefined);
      expect(new Set(hosts).size).toBe(hosts.length);
      expect(paths.filter((p) => hostPathOf(p) === undefined)).toEqual(
        name === "moon" ? ["bastion/cloud-init.yaml"] : [],
      );
    });
  }

  it("renders dnsmasq and compose only where the target owns its L2 segment", () => {
    const moon = renderBastion(labs.moon(), {}, {}).map((a) => a.path);
    const home = renderBastion(labs.home(), {}, {}).map((a) => a.path);
    expect(moon).not.toContain("bastion/dnsmasq/dnsmasq.conf");
    expect(moon).not.toContain("bastion/compose.yaml");
    expect(moon).toContain("bastion/scripts/attach-eni.sh");
    expect(home).toContain("bastion/dnsmasq/dnsmasq.conf");
    expect(home).toContain("bastion/compose.yaml");
    expect(home).toContain("bastion/systemd/moonlab-dnsmasq.service");
    expect(home.filter((p) => p.startsWith("bastion/systemd/"))).toEqual(["bastion/systemd/moonlab-dnsmasq.service"]);
  });

  it("holds no secret: no machine config, no key, no password", () => {
    for (const make of Object.values(labs))
      for (const a of renderBastion(make(), {}, {})) {
        const t = textOf(a);
        // install.sh has only the printf format that generates the password on the bastion.
        expect(t, a.path).not.toMatch(/PRIVATE KEY|api_password=[^%]|machine:\s*\n\s+type:/);
      }
  });

  it("the installer copies every installed file of the bundle (home)", () => {
    const arts = renderBastion(labs.home(), {}, {});
    const install = textOf(arts.find((a) => a.path === "bastion/scripts/install.sh") ?? { path: "", content: "" });
    for (const a of arts) {
      const host = hostPathOf(a.path);
      if (host && a.path !== "bastion/scripts/install.sh" && a.path !== "bastion/services.json")
        expect(install, a.path).toContain(` ${a.path.slice("bastion/".length)} ${host}\n`);
    }
  });

  it("compose: host networking, restart, pinned images, Pi-hole's secret env file required", () => {
    const c = parse(
      textOf(
        renderBastion(labs.home(), {}, {}).find((a) => a.path === "bastion/compose.yaml") ?? { path: "", content: "" },
      ),
    );
    expect(Object.keys(c.services)).toEqual(
      bastionServices(labs.home())
        .filter((s) => s.kind === "container")
        .map((s) => s.name),
    );
    for (const s of Object.values(c.services) as { network_mode: string; restart: string; image: string }[]) {
      expect(s.network_mode).toBe("host");
      expect(s.restart).toBe("unless-stopped");
      expect(s.image).toMatch(/:[0-9v][\w.-]*$/);
    }
    expect(c.services.pihole.env_file).toEqual(["/etc/moonlab/pihole.env", "/etc/moonlab/secrets/pihole.env"]);
  });
});

describe("services", () => {
  it("one cache per plan cache on its port, the lab registry, matchbox, Pi-hole; dnsmasq only with DHCP", () => {
    const moon = labs.moon();
    const s = bastionServices(moon);
    expect(s.map((x) => x.name)).toEqual(["matchbox", ...moon.caches.map((c) => c.name), "lab-registry", "pihole"]);
    expect(bastionServices(labs.local()).at(-1)?.name).toBe("dnsmasq");
    // No digest is known offline: every image is pinned by tag, and says so.
    expect(s.every((x) => x.kind !== "container" || x.pinnedBy === "tag")).toBe(true);
  });
});

describe("matchbox helpers", () => {
  it("escapes {{ in served configs so Go templates print it back", () => {
    expect(genericTemplate("a: {{x}}\nb: '}}'\n")).toBe("a: {{\"{{\"}}x}}\nb: '}}'\n");
  });
  it("selector queries are sorted and encoded", () => {
    expect(selectorQuery({ mac: "52:54:00:00:00:01", arch: "x86_64" })).toBe(
      "arch=x86_64&mac=52%3A54%3A00%3A00%3A00%3A01",
    );
  });
});

describe("secret files", () => {
  it("need the Talos secrets and reject a password with a line break", () => {
    expect(() => bastionSecretFiles(labs.home(), {})).toThrow(/no Talos secrets/);
    expect(() => bastionSecretFiles({ ...labs.home(), nodes: [] }, {}, { piholePassword: "a\nb" })).toThrow(
      /line break/,
    );
  });
});

describe("AWS user-data archive", () => {
  it("is a tar GNU tar reads, with the files' modes and contents", () => {
    const entries = bundleEntries(labs.moon());
    const dir = mkdtempSync(join(tmpdir(), "moonlab-tar-"));
    try {
      writeFileSync(join(dir, "b.tar"), tar(entries));
      const list = execFileSync("tar", ["-tvf", join(dir, "b.tar")], { encoding: "utf8" });
      expect(list).toMatch(/-rwxr-xr-x root\/root .* usr\/local\/libexec\/moonlab\/install\.sh/);
      expect(list).toMatch(/-rw-r--r-- root\/root .* srv\/moonlab\/matchbox\/profiles\/moon-gateway-1\.json/);
      const e = entries.find((x) => x.path.endsWith("profiles/moon-gateway-1.json"));
      expect(execFileSync("tar", ["-xOf", join(dir, "b.tar"), e?.path ?? ""], { encoding: "utf8" })).toBe(e?.content);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("stays under EC2's 16 KB with the largest lab the spec allows (1 gateway + 10 compute nodes)", () => {
    const big = planOf(patched("moon", { nodes: { gateway: 1, compute: 10, controlPlanes: 3 } }));
    expect(big.nodes).toHaveLength(11);
    expect(Buffer.byteLength(bastionUserData(big))).toBeLessThan(USER_DATA_LIMIT);
  });
});
