// The Talos config-side checks (C01-C03, T05) on a fixture render, and on renders broken one way at a time.
import { describe, expect, it } from "vitest";
import { parseAllDocuments, stringify } from "yaml";
import { fixtureSecrets } from "../../../test/fakes/secrets.ts";
import { patched, planOf } from "../../../test/support/lab.ts";
import type { Artifact } from "../../artifacts/artifact.ts";
import { ArtifactTree } from "../../artifacts/tree.ts";
import type { Plan } from "../../plan/types.ts";
import type { TalosPort } from "../../ports/talos.ts";
import { renderTalos } from "../../render/talos/index.ts";
import type { Check, Outcome } from "../check.ts";
import { loadCheck } from "../run-suite.ts";

const PLAN_CHECKS = [
  "c01/schematic-per-group",
  "c02/schematic-ids-offline",
  "c03/installer-pinned",
  "c03/tailscale-gateway-only",
  "t05/machine-configs-cozystack",
  "t05/registry-mirrors-match-caches",
  "t05/talos-pki-consistent",
  "t05/node-identity",
];

const moon = planOf(patched("moon", {}));
const home = planOf(patched("home", {}));
const v111 = planOf(
  patched("moon", { talos: { version: "v1.11.5" }, cozystack: { version: "v0.41.11", variant: "paas-full" } }),
);

async function run(id: string, plan: Plan, artifacts: readonly Artifact[]): Promise<Outcome> {
  const c: Check = loadCheck(id);
  if (!c.plan) throw new Error(`${id} has no plan mode`);
  return c.plan({ plan, artifacts: new ArtifactTree(artifacts) });
}

// biome-ignore lint/suspicious/noExplicitAny: the tests poke at arbitrary nested YAML
type Loose = Record<string, any>;

/** Rewrites the documents of one artifact. */
function edit(arts: readonly Artifact[], path: string, f: (docs: Loose[]) => Loose[]): Artifact[] {
  return arts.map((a) => {
    if (a.path !== path) return a;
    const docs = parseAllDocuments(String(a.content)).map((d) => d.toJS() as Loose);
    return {
      ...a,
      content: f(docs)
        .map((d) => stringify(d))
        .join("---\n"),
    };
  });
}

describe("Talos config checks pass on the rendered examples", () => {
  it.each([
    ["moon", moon],
    ["home", home],
    ["moon on Talos v1.11", v111],
  ])("%s", async (_name, plan) => {
    const arts = renderTalos(plan, await fixtureSecrets(), {});
    for (const id of PLAN_CHECKS) {
      const o = await run(id, plan, arts);
      expect(o.status, `${id}: ${o.evidence.join("; ")}`).toBe("pass");
    }
  });
});

describe("Talos config checks fail on broken renders", () => {
  it("every config check fails when machine configs are missing (rendered without secrets)", async () => {
    const arts = renderTalos(moon, {}, {});
    for (const id of PLAN_CHECKS.filter((x) => !x.startsWith("c01") && !x.startsWith("c02"))) {
      const o = await run(id, moon, arts);
      expect(o.status, id).toBe("fail");
      expect(o.evidence.join("\n")).toMatch(/no machine config rendered for moon-compute-1/);
    }
  });

  it("tailscale on a compute node", async () => {
    const s = await fixtureSecrets();
    const arts = edit(renderTalos(moon, s, {}), "talos/moon-compute-1.yaml", (d) => [
      ...d,
      { apiVersion: "v1alpha1", kind: "ExtensionServiceConfig", name: "tailscale", environment: ["TS_ROUTES=x"] },
    ]);
    const o = await run("c03/tailscale-gateway-only", moon, arts);
    expect(o.status).toBe("fail");
    expect(o.evidence.join("\n")).toMatch(/tailscale configured on compute node moon-compute-1/);
  });

  it("an unpinned or foreign installer image", async () => {
    const arts = edit(renderTalos(moon, await fixtureSecrets(), {}), "talos/moon-compute-2.yaml", (d) => {
      const m = d[0] as Loose;
      m.machine.install.image = "ghcr.io/siderolabs/installer:latest";
      return d;
    });
    const o = await run("c03/installer-pinned", moon, arts);
    expect(o.status).toBe("fail");
    expect(o.evidence.join("\n")).toMatch(/moon-compute-2.yaml: install image ghcr.io\/siderolabs\/installer:latest/);
  });

  it("a schematic whose file no longer hashes to its ID, or lacks an extension", async () => {
    const arts = renderTalos(moon, {}, {}).map((a) =>
      a.path === "talos/schematics/compute.yaml"
        ? { ...a, content: String(a.content).replace("            - siderolabs/zfs\n", "") }
        : a,
    );
    const o = await run("c01/schematic-per-group", moon, arts);
    expect(o.status).toBe("fail");
    expect(o.evidence.join("\n")).toMatch(/compute schematic lacks siderolabs\/zfs/);
    expect(o.evidence.join("\n")).toMatch(/is not the sha256 of talos\/schematics\/compute.yaml/);
  });

  it("a wrong ID or URL in schematics.json", async () => {
    const arts = renderTalos(moon, {}, {}).map((a) => {
      if (a.path !== "talos/schematics.json") return a;
      const j = JSON.parse(String(a.content));
      j.gateway.urls.kernel = j.gateway.urls.kernel.replace("arm64", "amd64");
      j.compute.id = "0".repeat(64);
      return { ...a, content: JSON.stringify(j) };
    });
    const o = await run("c02/schematic-ids-offline", moon, arts);
    expect(o.status).toBe("fail");
    expect(o.evidence.join("\n")).toMatch(/gateway: kernel URL .*amd64/);
    expect(o.evidence.join("\n")).toMatch(/compute: rendered id 0{64}/);
  });

  it("missing CozyStack settings", async () => {
    const arts = edit(renderTalos(moon, await fixtureSecrets(), {}), "talos/moon-gateway-1.yaml", (d) => {
      const m = d[0] as Loose;
      m.cluster.proxy.disabled = false;
      m.cluster.network.cni.name = "flannel";
      m.machine.kubelet.extraConfig.maxPods = 110;
      m.machine.kernel.modules = m.machine.kernel.modules.filter((x: { name: string }) => x.name !== "drbd");
      m.machine.files = [];
      return d;
    });
    const o = await run("t05/machine-configs-cozystack", moon, arts);
    expect(o.status).toBe("fail");
    const ev = o.evidence.join("\n");
    for (const re of [
      /kube-proxy is not disabled/,
      /cni.name is not none/,
      /maxPods is not 512/,
      /kernel module drbd missing/,
      /20-customization.part/,
      /lvm.conf/,
    ])
      expect(ev).toMatch(re);
  });

  it("a mirror that bypasses its cache, a missing mirror and a wrong skipFallback", async () => {
    const arts = edit(renderTalos(moon, await fixtureSecrets(), {}), "talos/moon-compute-1.yaml", (d) =>
      d
        .filter((x) => !(x.kind === "RegistryMirrorConfig" && x.name === "quay.io"))
        .map((x) =>
          x.kind === "RegistryMirrorConfig" && x.name === "docker.io"
            ? { ...x, endpoints: [{ url: "https://registry-1.docker.io" }], skipFallback: true }
            : x,
        ),
    );
    const o = await run("t05/registry-mirrors-match-caches", moon, arts);
    expect(o.status).toBe("fail");
    const ev = o.evidence.join("\n");
    expect(ev).toMatch(/no mirror for quay.io/);
    expect(ev).toMatch(/docker.io mirrors to \[https:\/\/registry-1.docker.io\]/);
    expect(ev).toMatch(/docker.io skipFallback true, plan says false/);
  });

  it("configs from two bundles (a regenerated PKI) and a talosconfig from another CA", async () => {
    const a = renderTalos(moon, await fixtureSecrets(), {});
    const b = renderTalos(moon, await fixtureSecrets("other-bundle"), {});
    const mixed = a.map((x) =>
      x.path === "talos/moon-compute-2.yaml" || x.path === "talos/talosconfig"
        ? (b.find((y) => y.path === x.path) ?? x)
        : x,
    );
    const o = await run("t05/talos-pki-consistent", moon, mixed);
    expect(o.status).toBe("fail");
    const ev = o.evidence.join("\n");
    expect(ev).toMatch(/moon-compute-2.yaml: machine.ca.crt differs/);
    expect(ev).toMatch(/talosconfig ca is not the nodes' os CA/);
    expect(ev).toMatch(/talosconfig client cert: signature does not verify/);
  });

  it("a worker that carries CA keys", async () => {
    const s = await fixtureSecrets();
    const arts = edit(renderTalos(moon, s, {}), "talos/moon-compute-1.yaml", (d) => {
      const m = d[0] as Loose;
      m.machine.ca.key = Buffer.from(s.talos?.bundle.certs.os.key ?? "").toString("base64");
      return d;
    });
    const o = await run("t05/talos-pki-consistent", moon, arts);
    expect(o.status).toBe("fail");
    expect(o.evidence.join("\n")).toMatch(/worker carries the os CA private key/);
  });

  it("a config with another node's identity and no time servers", async () => {
    const arts = edit(renderTalos(moon, await fixtureSecrets(), {}), "talos/moon-compute-1.yaml", (d) =>
      d
        .filter((x) => x.kind !== "TimeSyncConfig")
        .map((x) => (x.kind === "HostnameConfig" ? { ...x, hostname: "moon-compute-2" } : x)),
    );
    const o = await run("t05/node-identity", moon, arts);
    expect(o.status).toBe("fail");
    expect(o.evidence.join("\n")).toMatch(/hostname moon-compute-2, plan says moon-compute-1/);
    expect(o.evidence.join("\n")).toMatch(/time servers undefined/);
  });
});

class FakeTalos implements TalosPort {
  readonly ext: Record<string, string[]>;
  readonly svc: Record<string, Record<string, string>>;
  readonly ok: boolean;
  constructor(ext: Record<string, string[]>, svc: Record<string, Record<string, string>>, ok = true) {
    this.ext = ext;
    this.svc = svc;
    this.ok = ok;
  }
  async health() {
    return { ok: this.ok, detail: this.ok ? "all checks passed" : "waiting for etcd" };
  }
  async extensions(node: string) {
    return this.ext[node] ?? [];
  }
  async services(node: string) {
    return this.svc[node] ?? {};
  }
}

async function live(id: string, talos?: TalosPort): Promise<Outcome> {
  const c = loadCheck(id);
  if (!c.live) throw new Error(`${id} has no live mode`);
  return c.live({ plan: moon, ports: talos ? { talos } : {} });
}

describe("live Talos checks through TalosPort", () => {
  const all = ["siderolabs/drbd", "siderolabs/zfs", "siderolabs/spin"];
  const good = new FakeTalos(
    { "10.10.0.101": [...all, "siderolabs/tailscale"], "10.10.0.102": all, "10.10.0.103": all },
    { "10.10.0.101": { "ext-tailscale": "Running", kubelet: "Running" }, "10.10.0.102": { kubelet: "Running" } },
  );

  it("pass on a healthy lab", async () => {
    expect(moon.nodes.map((n) => n.address)).toEqual(["10.10.0.101", "10.10.0.102", "10.10.0.103"]);
    for (const id of ["c01/extensions-on-nodes", "c03/tailscale-gateway-only", "t05/talos-health"])
      expect((await live(id, good)).status, id).toBe("pass");
  });

  it("fail on missing extensions, tailscale on a compute node, an unhealthy cluster", async () => {
    const bad = new FakeTalos(
      { "10.10.0.101": all, "10.10.0.102": [...all, "tailscale"], "10.10.0.103": ["siderolabs/spin"] },
      { "10.10.0.101": {}, "10.10.0.102": { "ext-tailscale": "Running" } },
      false,
    );
    const ext = await live("c01/extensions-on-nodes", bad);
    expect(ext.status).toBe("fail");
    expect(ext.evidence.join("\n")).toMatch(/moon-compute-2 \(10.10.0.103\) lacks siderolabs\/drbd, siderolabs\/zfs/);
    expect(ext.evidence.join("\n")).toMatch(/moon-compute-1 has tailscale installed/);
    const ts = await live("c03/tailscale-gateway-only", bad);
    expect(ts.evidence.join("\n")).toMatch(/moon-gateway-1: ext-tailscale is absent, expected Running/);
    expect(ts.evidence.join("\n")).toMatch(/moon-compute-1 \(compute\): ext-tailscale present/);
    expect((await live("t05/talos-health", bad)).evidence.join("\n")).toMatch(/waiting for etcd/);
  });

  it("are not applicable without Talos access, saying how to get it", async () => {
    const o = await live("t05/talos-health");
    expect(o.status).toBe("not-applicable");
    expect(o.reason).toMatch(/--talosconfig/);
  });
});
