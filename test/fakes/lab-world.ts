// A simulated lab for the bring-up: machines that start when asked, a bastion (LocalBastion over a temp root) whose
// services answer once it runs, nodes that boot only when their machine config is on the bastion, talosctl and
// kubectl answering with recorded-shape output from the world's state, and a KubePort over the same state. A step
// id in `fail` makes that step's world action fail the way the real one does, until it is removed.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { LocalBastion } from "../../src/adapters/bastion/local.ts";
import { type BringUpContext, DEFAULT_TIMEOUTS, type LabImages } from "../../src/lifecycle/bring-up/context.ts";
import type { Plan } from "../../src/plan/types.ts";
import type { HttpPort } from "../../src/ports/http.ts";
import type { KubeObject, KubePort } from "../../src/ports/kube.ts";
import type { MachinesPort } from "../../src/ports/machines.ts";
import type { OperatorPort, OperatorRun } from "../../src/ports/operator.ts";
import { bastionSecretFiles } from "../../src/render/bastion/secret-files.ts";
import type { LabSecrets } from "../../src/secrets/types.ts";

export const PROXY = "http://127.0.0.1:47001";

export interface World {
  bastionRunning: boolean;
  nodesRunning: Set<string>;
  etcd: boolean;
  /** Successful bootstraps (must never exceed 1). */
  etcdBootstraps: number;
  bootstrapCalls: number;
  cozystack: boolean;
  /** The lab's own images in the bastion's registry (repository:tag). */
  readonly labImages: Set<string>;
  fail: Set<string>;
  /** Every operator command line, for assertions. */
  readonly calls: string[];
}

const ok = (stdout = ""): OperatorRun => ({ code: 0, stdout, stderr: "" });
const err = (stderr: string): OperatorRun => ({ code: 1, stdout: "", stderr });

// Shaped like `talosctl get services etcd -o json` on a v1.13 control plane.
const etcdJson = (running: boolean) =>
  `{\n    "node": "10.10.0.101",\n    "metadata": {"namespace": "runtime", "type": "Services.v1alpha1.talos.dev", "id": "etcd", "version": 4, "phase": "running"},\n    "spec": {"running": ${running}, "healthy": ${running}, "unknown": false}\n}\n`;

const KUBECONFIG_TEXT = (server: string) =>
  `apiVersion: v1\nkind: Config\nclusters:\n  - name: moon\n    cluster:\n      server: ${server}\n      certificate-authority-data: TFMwdExTMUNSVWRKVGlCRFJWSlVTVVpKUTBGVVJTMHRMUzB0\ncontexts:\n  - name: admin@moon\n    context:\n      cluster: moon\n      user: admin@moon\ncurrent-context: admin@moon\nusers:\n  - name: admin@moon\n    user:\n      client-certificate-data: eA==\n      client-key-data: eA==\n`;

export function labWorld(plan: Plan, secrets: LabSecrets, root: string) {
  const world: World = {
    bastionRunning: false,
    nodesRunning: new Set(),
    etcd: false,
    etcdBootstraps: 0,
    bootstrapCalls: 0,
    cozystack: false,
    labImages: new Set(),
    fail: new Set(),
    calls: [],
  };
  const bastionRoot = join(root, "bastion");
  mkdirSync(bastionRoot, { recursive: true });
  const local = new LocalBastion({ root: bastionRoot });
  const configPaths = bastionSecretFiles(plan, secrets).map((f) => f.host);
  // A node answers the Talos API once it runs and the bastion served it its machine config.
  // Nothing real is instantaneous: a node answers on its third probe after it could boot, the API server on its
  // third /readyz after etcd, Flux reports Ready on its third read after CozyStack; so every wait really waits.
  const SLOW = 2;
  const seen = new Map<string, number>();
  const slow = (key: string): boolean => {
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return n > SLOW;
  };
  const booted = (address: string): boolean => {
    const n = plan.nodes.find((x) => x.address === address);
    if (!n || !world.nodesRunning.has(n.name) || !world.bastionRunning || world.fail.has("booting")) return false;
    if (!configPaths.every((p) => existsSync(join(bastionRoot, p)))) return false;
    return seen.get(`boot ${address}`) !== undefined && (seen.get(`boot ${address}`) as number) > SLOW
      ? true
      : slow(`boot ${address}`);
  };

  const machines: MachinesPort = {
    async bastion() {
      return { running: world.bastionRunning, detail: world.bastionRunning ? "i-bastion running" : "no instance" };
    },
    async startBastion() {
      world.bastionRunning = true;
      return "bastion group desired 1";
    },
    async nodes() {
      return Object.fromEntries(
        plan.nodes.map((n) => [
          n.name,
          { running: world.nodesRunning.has(n.name), detail: world.nodesRunning.has(n.name) ? "running" : "absent" },
        ]),
      );
    },
    async startNodes(names) {
      if (world.fail.has("nodes"))
        throw new Error("RunInstances: InsufficientInstanceCapacity: no Spot capacity for t4g.medium");
      for (const n of names) world.nodesRunning.add(n);
      return `launched ${names.join(", ")}`;
    },
  };

  const bastion = {
    exec: (c: string) => local.exec(c),
    readFile: (p: string) => local.readFile(p),
    resolve: (n: string) => local.resolve(n),
    async writeFile(path: string, content: string, mode: number) {
      if (world.fail.has("configs")) throw new Error(`writing ${path} on the bastion failed: No space left on device`);
      await local.writeFile(path, content, mode);
    },
  };

  const http: HttpPort = {
    async get(url) {
      if (!world.bastionRunning) throw new Error(`curl: (7) Failed to connect to ${new URL(url).host}`);
      if (world.fail.has("bastion")) return { status: 503, body: "", headers: {} };
      return { status: url.endsWith("/boot.ipxe") ? 200 : url.includes(":5050") ? 200 : 200, body: "", headers: {} };
    },
  };

  const talosctl = (args: readonly string[], env: Readonly<Record<string, string>>): OperatorRun => {
    if (env.HTTPS_PROXY !== PROXY) return err("dial tcp: no tunnel (HTTPS_PROXY unset)");
    const node = args[args.indexOf("--nodes") + 1] as string;
    const rest = args.slice(args.indexOf("--nodes") + 2);
    const down = err(
      `error: rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial tcp ${node}:50000: connect: connection refused"`,
    );
    if (!booted(node)) return down;
    const cmd = rest.join(" ");
    if (cmd === "shutdown --wait=false") {
      const n = plan.nodes.find((x) => x.address === node);
      if (n) world.nodesRunning.delete(n.name);
      seen.delete(`boot ${node}`);
      return ok();
    }
    if (cmd === "version --short")
      return ok(`Client:\nTalos v1.13.6\nServer:\n\tNODE:        ${node}\n\tTag:         v1.13.6\n`);
    if (cmd === "get services etcd --output json") return ok(etcdJson(world.etcd));
    if (cmd === "bootstrap") {
      world.bootstrapCalls++;
      if (world.fail.has("etcd-fatal"))
        return err("error executing bootstrap: rpc error: code = PermissionDenied desc = not authorized");
      if (world.fail.has("etcd"))
        return err(
          "error executing bootstrap: rpc error: code = Unavailable desc = etcd: timeout waiting for time sync",
        );
      if (world.etcd)
        return err(
          "error executing bootstrap: rpc error: code = AlreadyExists desc = etcd data directory is not empty",
        );
      world.etcd = true;
      world.etcdBootstraps++;
      return ok();
    }
    if (rest[0] === "kubeconfig") {
      if (world.fail.has("kubeconfig"))
        return err("error: rpc error: code = Unavailable desc = kubernetes PKI is not ready");
      if (!world.etcd) return err("rpc error: code = FailedPrecondition desc = not bootstrapped");
      writeFileSync(rest[1] as string, KUBECONFIG_TEXT(`https://${plan.talos.controlPlaneAddress}:6443`));
      return ok();
    }
    return err(`unexpected talosctl ${cmd}`);
  };

  const operator: OperatorPort = {
    async run(tool, args, options = {}) {
      const env = options.env ?? {};
      world.calls.push(`${tool} ${args.join(" ")}`);
      if (tool === "talosctl") return talosctl(args, env);
      if (tool === "kubectl") {
        if (args.join(" ").endsWith("get --raw=/readyz")) {
          if (!world.etcd || !slow("readyz")) return err("The connection to the server 10.10.0.101:6443 was refused");
          if (world.fail.has("kube-api"))
            return { code: 1, stdout: "", stderr: "[-]etcd failed: reason withheld\nreadyz check failed" };
          return ok("ok");
        }
        return err(`unexpected kubectl ${args.join(" ")}`);
      }
      if (tool === "bash") {
        if (!String(args[0]).endsWith("bootstrap/install.sh")) return err("bash: unexpected script");
        if (!env.KUBECONFIG?.endsWith("kubeconfig.session")) return err("KUBECONFIG is not the session kubeconfig");
        if (world.fail.has("cozystack"))
          return {
            code: 1,
            stdout: "",
            stderr:
              'Error: failed to do request: Head "https://ghcr.io/v2/cozystack/cozystack/cozy-installer/manifests/1.6.2": dial tcp: i/o timeout',
          };
        world.cozystack = true;
        return ok('Release "cozystack" has been upgraded.');
      }
      return err(`${tool}: not faked`);
    },
    async version(tool) {
      const versions: Record<typeof tool, string> = {
        talosctl: "v1.13.6",
        kubectl: "v1.34.2",
        helm: "v3.19.0",
        bash: "5.2.37",
        "session-manager-plugin": "1.3.0.0",
      };
      return versions[tool];
    },
  };

  const kube = (): KubePort => ({
    async list() {
      return [];
    },
    async get(apiVersion, kind, name, namespace): Promise<KubeObject | undefined> {
      if (kind === "Package" && world.cozystack) return { apiVersion, kind, metadata: { name } };
      if (kind === "Kustomization" && world.cozystack && !slow("flux"))
        return {
          apiVersion,
          kind,
          metadata: { name, ...(namespace ? { namespace } : {}) },
          status: { conditions: [{ type: "Ready", status: "Unknown", message: "Reconciliation in progress" }] },
        };
      if (kind === "Kustomization" && world.cozystack)
        return {
          apiVersion,
          kind,
          metadata: { name, ...(namespace ? { namespace } : {}) },
          status: {
            conditions: [
              world.fail.has("flux")
                ? {
                    type: "Ready",
                    status: "False",
                    message: "failed to checkout and determine revision: authentication required",
                  }
                : { type: "Ready", status: "True", message: "Applied revision: main@sha1:0a1b2c3" },
            ],
          },
        };
      return undefined;
    },
  });

  const OWN_IMAGES = ["moonlab/moonlander:0.1.0", "moonlab/hello-spin:0.1.0"];
  const labImages: LabImages = {
    async check() {
      const missing = OWN_IMAGES.filter((i) => !world.labImages.has(i));
      return missing.length === 0
        ? { done: true, evidence: `the lab registry holds ${OWN_IMAGES.join(", ")}` }
        : { done: false, evidence: `missing from the lab registry: ${missing.join(", ")}` };
    },
    async push() {
      if (!world.bastionRunning || world.fail.has("lab-images"))
        throw new Error(
          `manifest push: PUT http://${plan.bastion.address}:5000/v2/moonlab/moonlander/manifests/0.1.0 answered 507 Insufficient Storage`,
        );
      for (const i of OWN_IMAGES) world.labImages.add(i);
      return `pushed ${OWN_IMAGES.join(", ")}`;
    },
  };

  let tunnels = 0;
  const ctx: BringUpContext = {
    plan,
    secrets,
    machines,
    bastion,
    http,
    operator,
    tunnel: async () => {
      tunnels++;
      return { proxyUrl: PROXY, close: async () => {} };
    },
    kube,
    stateDir: join(root, "spec", ".moonlab", plan.lab),
    gitopsDir: async () => join(root, "gitops"),
    labImages,
    acceptance: async () =>
      world.fail.has("acceptance")
        ? { pass: 40, fail: 1, notApplicable: 12, failed: ["t06/spin-app-answers"] }
        : { pass: 41, fail: 0, notApplicable: 12, failed: [] },
    pollMs: 1,
    timeoutMs: Object.fromEntries(Object.keys(DEFAULT_TIMEOUTS).map((k) => [k, 1500])) as never,
    log: () => {},
    state: {},
  };
  return { world, ctx, tunnels: () => tunnels };
}
