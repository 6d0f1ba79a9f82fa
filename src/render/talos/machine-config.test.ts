import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { fixtureSecrets } from "../../../test/fakes/secrets.ts";
import { patched, planOf } from "../../../test/support/lab.ts";
import type { Plan } from "../../plan/types.ts";
import { chainProblems } from "../../secrets/inspect.ts";
import { renderTalos } from "./index.ts";
import { machineConfigDocuments, machineConfigYaml, registryMirrors } from "./machine-config.ts";
import { schematicFor } from "./schematic.ts";

const moon = planOf(patched("moon", {}));
// Parsed config documents, loosely typed: the tests read deep paths.
// biome-ignore lint/suspicious/noExplicitAny: test reads arbitrary nested YAML
type Loose = any;
const docs = (yaml: string) => parseAllDocuments(yaml).map((d) => d.toJS() as Record<string, unknown>);
const node = (plan: Plan, group: string) => {
  const n = plan.nodes.find((x) => x.group === group);
  if (!n) throw new Error(`no ${group} node`);
  return n;
};

describe("machineConfigYaml", () => {
  it("gives control planes the CA keys and workers only the certificates", async () => {
    const s = await fixtureSecrets();
    const cp = docs(machineConfigYaml(moon, node(moon, "gateway"), s))[0] as Loose;
    const wk = docs(machineConfigYaml(moon, node(moon, "compute"), s))[0] as Loose;
    expect(cp.machine.type).toBe("controlplane");
    expect(wk.machine.type).toBe("worker");
    expect(cp.machine.ca.key).not.toBe("");
    expect(wk.machine.ca.key).toBe("");
    expect(wk.cluster.ca.key).toBe("");
    expect(wk.machine.ca.crt).toBe(cp.machine.ca.crt);
    expect(cp.cluster.etcd.ca.key).toBeTruthy();
    expect(wk.cluster.etcd).toBeUndefined();
    expect(wk.cluster.serviceAccount).toBeUndefined();
    expect(wk.cluster.secretboxEncryptionSecret).toBeUndefined();
    expect(cp.machine.install.image).toBe(schematicFor(moon, "gateway").urls.installer);
    expect(wk.machine.install.image).toBe(schematicFor(moon, "compute").urls.installer);
  });

  it("turns KubePrism on at port 7445 on every node (CozyStack's talos variant points Cilium at it)", async () => {
    const s = await fixtureSecrets();
    for (const n of moon.nodes) {
      const v1 = docs(machineConfigYaml(moon, n, s))[0] as Loose;
      expect(v1.machine.features.kubePrism).toEqual({ enabled: true, port: 7445 });
      expect(v1.machine.features.hostDNS).toEqual({ enabled: true, forwardKubeDNSToHost: false });
    }
  });

  it("puts the tailscale ExtensionServiceConfig on the gateway only, with the lab, pod and service routes", async () => {
    const s = await fixtureSecrets();
    const gw = docs(machineConfigYaml(moon, node(moon, "gateway"), s));
    const cp = docs(machineConfigYaml(moon, node(moon, "compute"), s));
    const ts = gw.filter((d) => d.kind === "ExtensionServiceConfig");
    expect(ts).toEqual([
      {
        apiVersion: "v1alpha1",
        kind: "ExtensionServiceConfig",
        name: "tailscale",
        environment: [
          `TS_AUTHKEY=${s.tailscaleAuthKey}`,
          "TS_ROUTES=10.10.0.0/24,10.244.0.0/16,10.96.0.0/16",
          "TS_HOSTNAME=moon-gateway-1",
        ],
      },
    ]);
    expect(cp.some((d) => d.kind === "ExtensionServiceConfig")).toBe(false);
    const noKey = docs(machineConfigYaml(moon, node(moon, "gateway"), { talos: s.talos }));
    const env = noKey.find((d) => d.kind === "ExtensionServiceConfig")?.environment as string[];
    expect(env.some((e) => e.startsWith("TS_AUTHKEY="))).toBe(false);
  });

  it("uses Talos 1.12+/1.13 documents on v1.13 and the v1alpha1 fields on v1.11", async () => {
    const s = await fixtureSecrets();
    const kinds = docs(machineConfigYaml(moon, node(moon, "compute"), s)).map((d) => d.kind ?? "v1alpha1");
    expect(kinds).toEqual([
      "v1alpha1",
      "HostnameConfig",
      "TimeSyncConfig",
      "LinkAliasConfig",
      "DHCPv4Config",
      "DHCPv6Config",
      "LinkConfig",
      ...registryMirrors(moon).map(() => "RegistryMirrorConfig"),
    ]);
    const old = planOf(
      patched("moon", { talos: { version: "v1.11.5" }, cozystack: { version: "v0.41.11", variant: "paas-full" } }),
    );
    expect(old.talos.minor).toBe("v1.11");
    const d = docs(machineConfigYaml(old, node(old, "compute"), s));
    expect(d).toHaveLength(1);
    const m = d[0] as Loose;
    expect(m.machine.network.hostname).toBe("moon-compute-1");
    expect(m.machine.time.servers).toEqual(["169.254.169.123"]);
    expect(m.machine.registries.mirrors["docker.io"]).toEqual({ endpoints: ["http://10.10.0.100:5050"] });
  });

  it("turns ImageVolume on for Kubernetes 1.34 (Talos 1.11): API server and kubelet; 1.36 (Talos 1.13) has it on", async () => {
    const s = await fixtureSecrets();
    const old = planOf(
      patched("moon", { talos: { version: "v1.11.5" }, cozystack: { version: "v0.41.11", variant: "paas-full" } }),
    );
    const controlPlane = (p: Plan) => p.nodes.find((n) => n.role === "controlplane") as Plan["nodes"][number];
    const cp = docs(machineConfigYaml(old, controlPlane(old), s))[0] as Loose;
    expect(cp.cluster.apiServer.extraArgs).toEqual({ "feature-gates": "ImageVolume=true" });
    expect(cp.machine.kubelet.extraConfig).toEqual({ maxPods: 512, featureGates: { ImageVolume: true } });
    const worker = docs(machineConfigYaml(old, node(old, "compute"), s))[0] as Loose;
    expect(worker.machine.kubelet.extraConfig.featureGates).toEqual({ ImageVolume: true });
    const current = docs(machineConfigYaml(moon, controlPlane(moon), s))[0] as Loose;
    expect(current.cluster.apiServer.extraArgs).toBeUndefined();
    expect(current.machine.kubelet.extraConfig.featureGates).toBeUndefined();
  });

  it("routes IPv4 0.0.0.0/0 via the bastion (the NAT instance) on AWS with bastion.nat, metric below DHCP's 1024", async () => {
    const s = await fixtureSecrets();
    const d = docs(machineConfigYaml(moon, node(moon, "compute"), s));
    expect(d.find((x) => x.kind === "LinkAliasConfig")).toEqual({
      apiVersion: "v1alpha1",
      kind: "LinkAliasConfig",
      name: "lab0",
      selector: { match: 'link.driver == "ena"' },
    });
    expect(d.find((x) => x.kind === "DHCPv4Config")?.name).toBe("lab0");
    expect(d.find((x) => x.kind === "LinkConfig")).toEqual({
      apiVersion: "v1alpha1",
      kind: "LinkConfig",
      name: "lab0",
      routes: [{ gateway: "10.10.0.100", metric: 512 }],
    });
    // v1.11: the same route in machine.network.interfaces
    const old = planOf(
      patched("moon", { talos: { version: "v1.11.5" }, cozystack: { version: "v0.41.11", variant: "paas-full" } }),
    );
    const m = docs(machineConfigYaml(old, node(old, "compute"), s))[0] as Loose;
    expect(m.machine.network.interfaces).toEqual([
      {
        deviceSelector: { driver: "ena" },
        dhcp: true,
        dhcpOptions: { ipv6: true },
        routes: [{ network: "0.0.0.0/0", gateway: "10.10.0.100", metric: 512 }],
      },
    ]);
    // nat off (and at home): no route, no link documents; IPv6 is never routed via the bastion
    const off = planOf(patched("moon", { bastion: { publicIpv4: false, nat: false } }));
    const kinds = docs(machineConfigYaml(off, node(off, "compute"), s)).map((x) => x.kind);
    expect(kinds).not.toContain("LinkConfig");
    const home = planOf(patched("home", {}));
    expect(machineConfigYaml(home, home.nodes[0] as never, s)).not.toMatch(/LinkConfig|interfaces:/);
  });

  it("mirrors every cache plus the lab registry, and honours skipFallback", async () => {
    const s = await fixtureSecrets();
    const plan = planOf(patched("moon", { talos: { skipFallback: true } }));
    const mirrors = docs(machineConfigYaml(plan, node(plan, "compute"), s)).filter(
      (d) => d.kind === "RegistryMirrorConfig",
    );
    expect(mirrors.map((m) => m.name)).toEqual([...plan.caches.map((c) => c.upstream), "10.10.0.100:5000"]);
    for (const m of mirrors) expect(m.skipFallback).toBe(true);
  });

  it("fits EC2 user-data (16 KiB, ami boot mode) and has no {{ (matchbox serves configs as Go templates)", async () => {
    const s = await fixtureSecrets();
    for (const plan of [moon, planOf(patched("home", {}))])
      for (const n of plan.nodes) {
        const y = machineConfigYaml(plan, n, s);
        expect(Buffer.byteLength(y), n.name).toBeLessThan(16 * 1024);
        expect(y).not.toContain("{{");
      }
  });

  it("throws without Talos secrets", () => {
    expect(() => machineConfigDocuments(moon, node(moon, "compute"), {})).toThrow(/no Talos secrets/);
  });
});

describe("renderTalos", () => {
  it("renders configs 0600, the talosconfig and schematics without header, byte-stable", async () => {
    const s = await fixtureSecrets();
    const a = renderTalos(moon, s, {});
    const b = renderTalos(moon, await fixtureSecrets(), {});
    expect(a).toEqual(b);
    expect(a.map((x) => x.path)).toEqual([
      "talos/schematics/compute.yaml",
      "talos/schematics/gateway.yaml",
      "talos/schematics.json",
      "talos/moon-compute-1.yaml",
      "talos/moon-compute-2.yaml",
      "talos/moon-gateway-1.yaml",
      "talos/talosconfig",
    ]);
    for (const x of a.filter((y) => /moon-|talosconfig/.test(y.path))) expect(x.mode).toBe(0o600);
    for (const x of a.filter((y) => y.path.startsWith("talos/schematics/"))) expect(x.header).toBe(false);
  });

  it("every rendered certificate comes from the bundle, and the talosconfig client chains to its os CA", async () => {
    const s = await fixtureSecrets();
    const b = s.talos?.bundle;
    if (!b) throw new Error("fixture has no bundle");
    const pem = (v: unknown) => Buffer.from(String(v), "base64").toString();
    for (const a of renderTalos(moon, s, {}).filter((x) => /talos\/moon-.*\.yaml$/.test(x.path))) {
      const m = docs(String(a.content))[0] as Loose;
      expect(pem(m.machine.ca.crt)).toBe(b.certs.os.crt);
      expect(pem(m.cluster.ca.crt)).toBe(b.certs.k8s.crt);
      if (m.machine.type === "controlplane") {
        expect(pem(m.cluster.aggregatorCA.crt)).toBe(b.certs.k8sAggregator.crt);
        expect(pem(m.cluster.etcd.ca.crt)).toBe(b.certs.etcd.crt);
        expect(pem(m.cluster.serviceAccount.key)).toBe(b.certs.k8sServiceAccount.key);
      }
      expect(m.cluster.id).toBe(b.cluster.id);
      expect(m.cluster.token).toBe(b.secrets.bootstrapToken);
      expect(m.machine.token).toBe(b.trustdInfo.token);
    }
    const tc = parse(String(renderTalos(moon, s, {}).find((x) => x.path === "talos/talosconfig")?.content)) as Loose;
    const ctx = tc.contexts.moon;
    expect(tc.context).toBe("moon");
    expect(ctx.endpoints).toEqual(["10.10.0.101"]);
    expect(chainProblems(pem(ctx.crt), b.certs.os.crt, new Date())).toEqual([]);
  });

  it("renders only schematics without secrets", () => {
    expect(renderTalos(moon, {}, {}).map((x) => x.path)).toEqual([
      "talos/schematics/compute.yaml",
      "talos/schematics/gateway.yaml",
      "talos/schematics.json",
    ]);
  });

  it("a different bundle changes every config (so regenerating is never silent)", async () => {
    const a = renderTalos(moon, await fixtureSecrets(), {});
    const b = renderTalos(moon, await fixtureSecrets("another-seed"), {});
    for (const p of ["talos/moon-compute-1.yaml", "talos/talosconfig"])
      expect(a.find((x) => x.path === p)?.content).not.toBe(b.find((x) => x.path === p)?.content);
  });
});
