// The real CLI end to end: `moonlab plan` generates the bundle once, a second plan is byte-identical, and with the
// bundle gone while configs exist it fails (exit 2) saying how to restore, writing nothing.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "../../support/tools.ts";

const dir = mkdtempSync(join(tmpdir(), "moonlab-cli-secrets-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const spec = join(dir, "lab", "moon.lab.yaml");
const out = join(dir, "out");
const env = {
  ...process.env,
  HOME: join(dir, "home"),
  MOONLAB_AGE_IDENTITY: join(dir, "home", "moon.age"),
  NO_COLOR: "1",
};

function moonlab(...args: string[]) {
  return spawnSync(process.execPath, [join(ROOT, "src/cli/main.ts"), ...args], {
    env,
    encoding: "utf8",
    timeout: 120_000,
  });
}

function talosTree(): Map<string, string> {
  const m = new Map<string, string>();
  for (const f of readdirSync(join(out, "talos")).sort()) {
    const p = join(out, "talos", f);
    if (statSync(p).isFile()) m.set(f, readFileSync(p, "utf8"));
  }
  return m;
}

describe("moonlab plan and the Talos secrets", { timeout: 180_000 }, () => {
  it("generates once, renders byte-identically, and refuses to regenerate over existing configs", () => {
    mkdirSync(join(dir, "lab"), { recursive: true });
    copyFileSync(join(ROOT, "examples/moon.lab.yaml"), spec);
    const first = moonlab("plan", "--spec", spec, "--out", out, "--json");
    expect(first.stderr).not.toMatch(/internal error/);
    const bundle = join(dir, "lab", ".moonlab", "moon", "talos-secrets.yaml.age");
    expect(statSync(bundle).isFile()).toBe(true);
    const tree1 = talosTree();
    expect([...tree1.keys()]).toEqual(
      expect.arrayContaining(["moon-gateway-1.yaml", "moon-compute-1.yaml", "talosconfig", "schematics.json"]),
    );
    expect(statSync(join(out, "talos", "moon-gateway-1.yaml")).mode & 0o777).toBe(0o600);

    const second = moonlab("plan", "--spec", spec, "--out", out, "--json");
    expect(second.stderr).not.toMatch(/internal error/);
    expect(talosTree()).toEqual(tree1);

    renameSync(bundle, `${bundle}.bak`);
    const third = moonlab("plan", "--spec", spec, "--out", out);
    expect(third.status).toBe(2);
    expect(third.stderr).toMatch(/talos-secrets\.yaml\.age is missing/);
    expect(third.stderr).toMatch(/Restore the bundle/);
    expect(talosTree()).toEqual(tree1);
    expect(() => statSync(bundle)).toThrow();

    renameSync(`${bundle}.bak`, bundle);
    const shown = moonlab("secrets", "show", "--spec", spec);
    expect(shown.stdout).toMatch(/os\s+ed25519/);
    expect(shown.stdout).toMatch(/sound:/);
  });

  it("schematic id matches the factory vector through the CLI, from a file and from stdin", () => {
    const r = spawnSync(process.execPath, [join(ROOT, "src/cli/main.ts"), "schematic", "id", "-"], {
      input: "customization:\n    extraKernelArgs:\n        - noapic\n        - nolapic\n",
      encoding: "utf8",
    });
    expect(r.stdout.trim()).toBe("9cba8e32753f91a16c1837ab8abf356af021706ef284aef07380780177d9a06c");
    const unknown = spawnSync(process.execPath, [join(ROOT, "src/cli/main.ts"), "schematic", "id", "-"], {
      input: "customization:\n  bogus: 1\n",
      encoding: "utf8",
    });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/customization.bogus is unknown/);
  });
});
