// The client-node KubePort against a loopback stand-in for the Kubernetes API (discovery, list, get, 404), and
// against a closed port (EndpointUnreachableError naming host and port).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { patched, planOf } from "../../../test/support/lab.ts";
import { loadChecks, runLive } from "../../checks/run-suite.ts";
import { EndpointUnreachableError } from "../../errors.ts";
import { createLivePorts } from "../live-ports.ts";
import { createKubePort } from "./client-node.ts";

const kustomization = (name: string, ready: string) => ({
  apiVersion: "kustomize.toolkit.fluxcd.io/v1",
  kind: "Kustomization",
  metadata: { name, namespace: "cozy-fluxcd" },
  status: { conditions: [{ type: "Ready", status: ready, reason: "x", message: "" }] },
});

const DISCOVERY: Record<string, unknown> = {
  "/api/v1": {
    kind: "APIResourceList",
    groupVersion: "v1",
    resources: [{ name: "nodes", namespaced: false, kind: "Node", verbs: ["get", "list"] }],
  },
  "/apis/kustomize.toolkit.fluxcd.io/v1": {
    kind: "APIResourceList",
    groupVersion: "kustomize.toolkit.fluxcd.io/v1",
    resources: [{ name: "kustomizations", namespaced: true, kind: "Kustomization", verbs: ["get", "list"] }],
  },
};

const ROUTES: Record<string, unknown> = {
  ...DISCOVERY,
  "/apis/kustomize.toolkit.fluxcd.io/v1/kustomizations": {
    apiVersion: "kustomize.toolkit.fluxcd.io/v1",
    kind: "KustomizationList",
    metadata: {},
    items: [kustomization("moonlab-apps", "True"), kustomization("moonlab-crds", "False")],
  },
  "/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/cozy-fluxcd/kustomizations/moonlab-apps": kustomization(
    "moonlab-apps",
    "True",
  ),
  "/api/v1/nodes": {
    apiVersion: "v1",
    kind: "NodeList",
    metadata: {},
    items: [{ metadata: { name: "moon-gateway-1", labels: { "kubernetes.io/arch": "arm64" } } }],
  },
};

let server: Server;
let port = 0;
const seen: string[] = [];

function kubeconfig(p: number): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: "lab", server: `http://127.0.0.1:${p}`, skipTLSVerify: true }],
    users: [{ name: "u", token: "t" }],
    contexts: [{ name: "lab", cluster: "lab", user: "u" }],
    currentContext: "lab",
  });
  return kc;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = (req.url ?? "").split("?")[0] ?? "";
    seen.push(path);
    const body = ROUTES[path];
    res.setHeader("content-type", "application/json");
    if (body === undefined) {
      res.statusCode = 404;
      res.end(JSON.stringify({ kind: "Status", apiVersion: "v1", status: "Failure", reason: "NotFound", code: 404 }));
      return;
    }
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("KubePort over client-node", () => {
  it("lists a custom kind across namespaces, with apiVersion and kind on each item", async () => {
    const kube = createKubePort(kubeconfig(port));
    const ks = await kube.list("kustomize.toolkit.fluxcd.io/v1", "Kustomization");
    expect(ks.map((k) => [k.kind, k.metadata.name])).toEqual([
      ["Kustomization", "moonlab-apps"],
      ["Kustomization", "moonlab-crds"],
    ]);
    expect(seen).toContain("/apis/kustomize.toolkit.fluxcd.io/v1");
  });

  it("gets one namespaced object, and a core cluster-scoped list", async () => {
    const kube = createKubePort(kubeconfig(port));
    const k = await kube.get("kustomize.toolkit.fluxcd.io/v1", "Kustomization", "moonlab-apps", "cozy-fluxcd");
    expect(k?.metadata.name).toBe("moonlab-apps");
    const status = k?.status as { conditions: { status: string }[] } | undefined;
    expect(status?.conditions[0]?.status).toBe("True");
    const nodes = await kube.list("v1", "Node");
    expect(nodes[0]?.metadata.labels?.["kubernetes.io/arch"]).toBe("arm64");
  });

  it("a missing object is undefined; a kind or group the cluster does not serve is empty", async () => {
    const kube = createKubePort(kubeconfig(port));
    expect(await kube.get("kustomize.toolkit.fluxcd.io/v1", "Kustomization", "nope", "cozy-fluxcd")).toBeUndefined();
    expect(await kube.list("core.spinkube.dev/v1alpha1", "SpinApp")).toEqual([]);
    expect(await kube.get("core.spinkube.dev/v1alpha1", "SpinApp", "hello-spin", "demo")).toBeUndefined();
    expect(await kube.list("v1", "NoSuchKind")).toEqual([]);
  });

  it("is wired into `moonlab test --live --kubeconfig`: live checks run over it and report, not error", async () => {
    const dir = mkdtempSync(join(tmpdir(), "moonlab-kubeconfig-"));
    try {
      const file = join(dir, "kubeconfig");
      writeFileSync(file, kubeconfig(port).exportConfig());
      const plan = planOf(patched("moon", {}));
      const ports = await createLivePorts(plan, { kubeconfig: file });
      expect(ports.kube).toBeDefined();
      const [r] = await runLive(loadChecks(["t07/flux-objects-ready"]), { plan, ports });
      expect(r?.status).toBe("fail");
      expect(r?.evidence).toContain("Kustomization cozy-fluxcd/moonlab-crds: Ready=False (x)");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("an API server that does not answer is EndpointUnreachableError with host and port", async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const p = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const kube = createKubePort(kubeconfig(p));
    const err = await kube.list("v1", "Node").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EndpointUnreachableError);
    expect((err as EndpointUnreachableError).message).toContain(`127.0.0.1:${p}`);
  });
});
