// Two real API servers for Moonlander (src/rehearse/cluster/control-plane.ts, etcd + kube-apiserver each): the parent
// (lab) cluster with the gitops tree's own Landing CRD, namespace, ServiceAccount, RBAC and Deployment created through
// the API (so the API server validates them), and a second one standing in for the guest cluster Harvey, whose admin
// kubeconfig is stored where CozyStack stores it (tenant-lab/kubernetes-harvey-admin-kubeconfig, key admin.conf).
// The controller authenticates with a token of the tree's moonlander ServiceAccount (TokenRequest), so RBAC is the
// tree's. Shared by controller.test.ts (the controller from this checkout) and image.test.ts (the built image's file).
// The control plane's PKI uses @peculiar/x509, whose tsyringe needs the Reflect polyfill loaded first.
import "reflect-metadata";
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  ApiextensionsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  type KubernetesObject,
  KubernetesObjectApi,
} from "@kubernetes/client-node";
import { parse, parseAllDocuments, stringify } from "yaml";
import { textOf } from "../../../src/artifacts/artifact.ts";
import { isNotFound } from "../../../src/moonlander/kube-stores.ts";
import { type ControlPlane, startControlPlane } from "../../../src/rehearse/cluster/control-plane.ts";
import { INSTALL_HOW } from "../../../src/rehearse/cluster/tools.ts";
import { gitopsArtifacts } from "../../../src/render/gitops/index.ts";
import { patched, planOf } from "../../support/lab.ts";

// Both clusters are etcd + kube-apiserver only: the tests need their APIs, not pods (the controller runs as a process).
export const TOOLS = ["etcd", "kube-apiserver"].map((name) => ({ name, how: INSTALL_HOW }));
export const SA = { name: "moonlander", namespace: "moonlander-system" };
export const SOURCE = { namespace: "moonlander-system", name: "parent-kubeconfig" };
export const COPY = { namespace: "crossplane-system", name: "remote-kubeconfig" };
export const LANDING = {
  group: "moons.urmanac.com",
  version: "v1alpha1",
  plural: "landings",
  namespace: "tenant-lab",
  name: "harvey",
};

// biome-ignore lint/suspicious/noExplicitAny: the assertions read arbitrary nested API JSON
export type Json = Record<string, any>;

export interface Cluster {
  readonly cp: ControlPlane;
  readonly core: CoreV1Api;
  readonly objects: KubernetesObjectApi;
  readonly custom: CustomObjectsApi;
  readonly kc: KubeConfig;
}

function clientsOf(cp: ControlPlane): Cluster {
  const kc = new KubeConfig();
  kc.loadFromFile(cp.kubeconfigPath);
  return {
    cp,
    kc,
    core: kc.makeApiClient(CoreV1Api),
    objects: KubernetesObjectApi.makeApiClient(kc),
    custom: kc.makeApiClient(CustomObjectsApi),
  };
}

export const orUndefined = async <T>(p: Promise<T>): Promise<T | undefined> => {
  try {
    return await p;
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
};

const tree = () => gitopsArtifacts(planOf(patched("moon", {})));

/** The objects of one file of the default lab's rendered gitops tree. */
export function treeObjects(path: string): KubernetesObject[] {
  const a = tree().find((x) => x.path === path);
  if (!a) throw new Error(`${path} is not rendered`);
  return parseAllDocuments(textOf(a)).map((d) => d.toJS() as KubernetesObject);
}

export const createAll = async (c: Cluster, objects: readonly KubernetesObject[]): Promise<void> => {
  for (const o of objects) await c.objects.create(o);
};

/** Polls until `probe` holds; `log()` (the controller's output) is in the failure message. */
export async function until(
  what: string,
  probe: () => Promise<boolean>,
  log: () => string,
  timeoutMs = 30_000,
): Promise<number> {
  const t0 = performance.now();
  while (performance.now() - t0 < timeoutMs) {
    if (await probe()) return Math.round(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\ncontroller log:\n${log()}`);
}

export interface LandingLab {
  readonly parent: Cluster;
  readonly guest: Cluster;
  /** A kubeconfig with a token of the tree's moonlander ServiceAccount. */
  readonly saKubeconfig: string;
  /** The rendered Deployment's container (command, args, image). */
  readonly container: Json;
  readonly pod: Json;
  copy(): Promise<string | undefined>;
  landing(): Promise<Json | undefined>;
  setSource(text: string): Promise<void>;
  stop(): Promise<void>;
}

/** Starts both API servers and applies the tree's Moonlander objects to the parent; the source holds v1. */
export async function startLandingLab(dir: string, figures: string[]): Promise<LandingLab> {
  const [p, g] = await Promise.all([
    startControlPlane({ apiServerOnly: true }),
    startControlPlane({ apiServerOnly: true }),
  ]);
  const parent = clientsOf(p);
  const guest = clientsOf(g);
  figures.push(`API servers ready: parent ${p.readyMs} ms, guest ${g.readyMs} ms (started together)`);

  // The tree's objects, exactly as rendered for the default lab.
  const infra = treeObjects("gitops/infrastructure/moonlander.yaml");
  const deployment = infra.find((o) => o.kind === "Deployment") as Json;
  await createAll(parent, treeObjects("gitops/infrastructure/moonlander-crd.yaml"));
  const ext = parent.kc.makeApiClient(ApiextensionsV1Api);
  await until(
    "the Landing CRD to be Established",
    async () => {
      const crd = await ext.readCustomResourceDefinition({ name: "landings.moons.urmanac.com" });
      return (crd.status?.conditions ?? []).some((c) => c.type === "Established" && c.status === "True");
    },
    () => "",
  );
  await createAll(parent, infra);
  // CozyStack's Tenant creates the tenant namespace; there is no CozyStack here.
  await parent.core.createNamespace({ body: { metadata: { name: LANDING.namespace } } });
  await createAll(parent, treeObjects("gitops/guest/moonlander-rbac.yaml"));
  // Where CozyStack stores the guest cluster's admin kubeconfig.
  await parent.core.createNamespacedSecret({
    namespace: LANDING.namespace,
    body: {
      metadata: { name: "kubernetes-harvey-admin-kubeconfig" },
      stringData: { "admin.conf": readFileSync(g.kubeconfigPath, "utf8") },
    },
  });
  const setSource = async (text: string) => {
    const current = await orUndefined(parent.core.readNamespacedSecret(SOURCE));
    const body = { metadata: { ...SOURCE }, stringData: { kubeconfig: text } };
    if (current) await parent.core.replaceNamespacedSecret({ ...SOURCE, body });
    else await parent.core.createNamespacedSecret({ namespace: SOURCE.namespace, body });
  };
  await setSource("# parent kubeconfig v1\n");

  // A token of the tree's ServiceAccount: the controller authenticates as it, so RBAC is the tree's.
  const tr = await parent.core.createNamespacedServiceAccountToken({
    ...SA,
    body: { spec: { audiences: [], expirationSeconds: 7200 } },
  });
  const admin = parse(readFileSync(p.kubeconfigPath, "utf8")) as Json;
  const saKubeconfig = join(dir, "moonlander.kubeconfig");
  writeFileSync(
    saKubeconfig,
    stringify({
      apiVersion: "v1",
      kind: "Config",
      clusters: admin.clusters,
      users: [{ name: "moonlander", user: { token: tr.status?.token } }],
      contexts: [{ name: "moonlander", context: { cluster: admin.clusters[0].name, user: "moonlander" } }],
      "current-context": "moonlander",
    }),
    { mode: 0o600 },
  );
  return {
    parent,
    guest,
    saKubeconfig,
    pod: deployment.spec.template.spec,
    container: deployment.spec.template.spec.containers[0],
    copy: async () => {
      const s = await orUndefined(guest.core.readNamespacedSecret(COPY));
      const v = s?.data?.kubeconfig;
      return v === undefined ? undefined : Buffer.from(v, "base64").toString("utf8");
    },
    landing: async () => orUndefined(parent.custom.getNamespacedCustomObject(LANDING) as Promise<Json>),
    setSource,
    stop: async () => {
      await Promise.all([p.stop(), g.stop()]);
    },
  };
}

export interface RunningController {
  readonly proc: ChildProcess;
  log: string;
  readonly exited: Promise<number | null>;
}

/** Spawns `cmd args` and collects its output. */
export function spawnController(
  cmd: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): RunningController {
  const proc = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"], ...options });
  const c: RunningController = {
    proc,
    log: "",
    exited: new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code))),
  };
  proc.stdout?.on("data", (d) => {
    c.log += d;
  });
  proc.stderr?.on("data", (d) => {
    c.log += d;
  });
  return c;
}
