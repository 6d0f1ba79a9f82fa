// Lays the rendered bastion bundle out under a throwaway root that mirrors the bastion's host paths
// (<root>/etc/moonlab, <root>/srv/moonlab/..., <root>/var/log/moonlab) and turns its service list (services.json)
// into commands for the real programs on this machine. What changes for the rehearsal, and only that:
//   - host paths are rebased under <root>;
//   - containers run as the same programs without a container runtime: matchbox from .tools, the registries as
//     Debian's docker-registry (storage moved from the container path to the mounted host folder);
//   - the caches pull through the lab registry (no internet in the namespace; distribution 2.8 pings the remote);
//   - dnsmasq keeps its lease file under <root> (the rendered unit uses the distribution default);
//   - the boot assets are the test payload (or real Talos assets from --talos-assets) at the same asset paths;
//   - Pi-hole is not started: it exists only as a container image.
import { chmodSync, copyFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parse as parseYaml, stringify } from "yaml";
import { finalContent } from "../artifacts/artifact.ts";
import type { ArtifactTree } from "../artifacts/tree.ts";
import { hostPathOf } from "../render/bastion/layout.ts";
import type { BootAsset, MatchboxProfile } from "../render/bastion/matchbox.ts";
import type { SecretFile } from "../render/bastion/secret-files.ts";
import type { BastionService, ContainerService, HostService } from "../render/bastion/services.ts";
import { IPXE_DIR, program } from "./tools.ts";

/** Host path prefixes of the bastion layout that the rehearsal rebases under its root. */
const HOST_PREFIXES = ["/etc/moonlab", "/srv/moonlab", "/var/log/moonlab", "/var/lib/misc", "/run"];

export function rebase(root: string, hostPath: string): string {
  return join(root, hostPath);
}

/** Rebases every bastion host path inside a command-line word (`--tftp-root=/srv/moonlab/tftp` too). */
export function rebaseWord(root: string, word: string): string {
  let out = word;
  for (const p of HOST_PREFIXES) {
    const re = new RegExp(`(^|=)${p.replace(/\//g, "\\/")}(?=/|$)`);
    out = out.replace(re, (_m, lead: string) => `${lead}${root}${p}`);
  }
  return out;
}

export interface StagedService {
  readonly name: string;
  readonly role: BastionService["role"];
  readonly cmd: string;
  readonly args: readonly string[];
  /** <root>/var/log/moonlab/<name>.log: the log the live checks read. */
  readonly logFile: string;
  readonly ready: { readonly kind: "http"; readonly url: string } | { readonly kind: "log"; readonly pattern: RegExp };
}

export interface StagedNode {
  readonly name: string;
  readonly mac: string;
  readonly address: string;
  readonly profile: MatchboxProfile;
}

export interface Staged {
  readonly root: string;
  readonly services: readonly StagedService[];
  readonly skipped: readonly { readonly name: string; readonly why: string }[];
  readonly nodes: readonly StagedNode[];
  readonly bootAssets: readonly BootAsset[];
  readonly matchboxUrl: string;
}

export interface StageInputs {
  readonly root: string;
  readonly bastionAddress: string;
  /** The lab registry (not a cache), which stands in for every cache's upstream. */
  readonly labRegistryUrl: string;
  readonly nodes: readonly { readonly name: string; readonly mac?: string; readonly address: string }[];
  readonly tree: ArtifactTree;
  /** Machine configs as matchbox generic templates (bastionSecretFiles). */
  readonly secretFiles: readonly SecretFile[];
  readonly payload:
    | { readonly kind: "test"; readonly kernel: string; readonly initramfs: Buffer }
    | { readonly kind: "talos"; readonly dir: string };
}

interface ServicesDocument {
  readonly matchbox: string;
  readonly services: readonly BastionService[];
  readonly bootAssets: readonly BootAsset[];
}

function write(path: string, content: string | Uint8Array, mode = 0o644): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content, { mode });
  chmodSync(path, mode);
}

/** Host path a container path of a service is mounted from. */
function mountedHostPath(svc: BastionService, containerPath: string): string {
  if (svc.kind !== "container") throw new Error(`${svc.name} is not a container`);
  for (const m of svc.mounts)
    if (containerPath === m.container || containerPath.startsWith(`${m.container}/`))
      return m.host + containerPath.slice(m.container.length);
  throw new Error(`${svc.name}: nothing is mounted at ${containerPath}`);
}

export function stageBundle(inputs: StageInputs): Staged {
  const { root, tree } = inputs;
  // The tree's files at their host paths.
  for (const path of tree.list("bastion/")) {
    const host = hostPathOf(path);
    const a = tree.get(path);
    if (host === undefined || a === undefined) continue;
    // The bytes the writer puts on disk (generated-by header included), as the installer would copy them.
    write(rebase(root, host), finalContent(a), a.mode ?? 0o644);
  }
  const doc = tree.json<ServicesDocument>("bastion/services.json");
  const matchboxSvc = doc.services.find((s) => s.role === "matchbox");
  if (!matchboxSvc) throw new Error("the bastion bundle has no matchbox service");
  const dataDir = rebase(root, mountedHostPath(matchboxSvc, "/var/lib/matchbox"));
  for (const f of inputs.secretFiles) if (f.relative !== undefined) write(join(dataDir, f.relative), f.content, 0o600);
  stageBootAssets(doc.bootAssets, dataDir, inputs.payload);

  const services: StagedService[] = [];
  const skipped: { name: string; why: string }[] = [];
  for (const svc of doc.services) {
    const logFile = rebase(root, `/var/log/moonlab/${svc.name}.log`);
    mkdirSync(dirname(logFile), { recursive: true });
    for (const d of svc.dirs) mkdirSync(rebase(root, d), { recursive: true });
    const staged = stageService(svc, { inputs, dataDir, logFile });
    if (staged) services.push(staged);
    else if (svc.kind === "container")
      skipped.push({ name: svc.name, why: `${svc.kind} ${svc.name} runs only as a container image (${svc.image})` });
  }

  // Start order: the lab registry before the caches that pull through it; dnsmasq last (nodes may boot once it is up).
  const rank = (r: StagedService["role"]) => ({ registry: 0, matchbox: 1, cache: 2, dns: 3, dhcp: 4 })[r];
  services.sort((a, b) => rank(a.role) - rank(b.role));
  const nodes: StagedNode[] = inputs.nodes.map((n) => {
    if (n.mac === undefined) throw new Error(`node ${n.name} has no MAC: rehearse needs the local target`);
    return {
      name: n.name,
      mac: n.mac,
      address: n.address,
      profile: tree.json<MatchboxProfile>(`bastion/matchbox/profiles/${n.name}.json`),
    };
  });
  return { root, services, skipped, nodes, bootAssets: doc.bootAssets, matchboxUrl: doc.matchbox };
}

/** Boot assets at the paths the profiles reference: the test payload, or real Talos assets from --talos-assets. */
function stageBootAssets(assets: readonly BootAsset[], dataDir: string, payload: StageInputs["payload"]): void {
  for (const a of assets) {
    const dest = join(dataDir, "assets", a.path);
    mkdirSync(dirname(dest), { recursive: true });
    if (payload.kind === "talos") {
      const src = join(payload.dir, a.path);
      if (!existsSync(src)) throw new Error(`--talos-assets: ${src} is missing (fetch-boot-assets.sh layout expected)`);
      copyFileSync(src, dest);
    } else if (a.kind === "kernel") copyFileSync(payload.kernel, dest);
    else if (a.kind === "initramfs") write(dest, payload.initramfs);
    else write(dest, "moonlab rehearse: test payload stand-in, not a Talos cmdline\n");
  }
}

interface StageContext {
  readonly inputs: StageInputs;
  /** matchbox's data dir under the root. */
  readonly dataDir: string;
  readonly logFile: string;
}

/** The command that runs one service here, or undefined when it exists only as a container image (Pi-hole). */
function stageService(svc: BastionService, ctx: StageContext): StagedService | undefined {
  if (svc.role === "matchbox" && svc.kind === "container") return stageMatchbox(svc, ctx);
  if ((svc.role === "cache" || svc.role === "registry") && svc.kind === "container") return stageRegistry(svc, ctx);
  if (svc.kind === "host") return stageHostProgram(svc, ctx);
  return undefined;
}

function stageMatchbox(svc: ContainerService, { inputs, dataDir, logFile }: StageContext): StagedService {
  const port = svc.listens[0]?.port ?? 8080;
  return {
    name: svc.name,
    role: svc.role,
    cmd: program("matchbox"),
    args: [...svc.args, `-data-path=${dataDir}`, `-assets-path=${join(dataDir, "assets")}`],
    logFile,
    ready: { kind: "http", url: `http://${inputs.bastionAddress}:${port}/boot.ipxe` },
  };
}

/** The lab registry and the caches as Debian's docker-registry with a rebased copy of their config. */
function stageRegistry(svc: ContainerService, { inputs, logFile }: StageContext): StagedService {
  const { root, tree } = inputs;
  const cfgMount = svc.mounts.find((m) => m.container.endsWith("config.yml"));
  if (!cfgMount) throw new Error(`${svc.name}: no config.yml mount`);
  const cfg = parseYaml(readTree(tree, cfgMount.host)) as {
    storage: { filesystem: { rootdirectory: string } };
    http: { addr: string };
    proxy?: { remoteurl: string };
  };
  cfg.storage.filesystem.rootdirectory = rebase(root, mountedHostPath(svc, cfg.storage.filesystem.rootdirectory));
  // Nothing routes out of the namespace, and distribution 2.8 pings its remote at start-up (it panics when the
  // remote is unreachable), so each cache pulls through the lab's own registry instead of the internet.
  if (cfg.proxy !== undefined) cfg.proxy.remoteurl = inputs.labRegistryUrl;
  const rehearseCfg = rebase(root, cfgMount.host.replace(/config\.yml$/, "config.rehearse.yml"));
  write(rehearseCfg, stringify(cfg, { lineWidth: 0 }));
  return {
    name: svc.name,
    role: svc.role,
    cmd: program("docker-registry"),
    args: ["serve", rehearseCfg],
    logFile,
    ready: { kind: "http", url: `http://${inputs.bastionAddress}:${svc.listens[0]?.port}/v2/` },
  };
}

/** A host program (dnsmasq) with its paths rebased, its lease file under the root and the iPXE binaries in TFTP. */
function stageHostProgram(svc: HostService, { inputs, logFile }: StageContext): StagedService {
  const { root } = inputs;
  const [cmd, ...args] = svc.exec;
  if (!cmd) throw new Error(`${svc.name}: empty exec`);
  const rebased = args.map((w) => rebaseWord(root, w));
  for (const d of ["/run", "/var/lib/misc", "/var/log/moonlab"]) mkdirSync(rebase(root, d), { recursive: true });
  if (svc.role === "dhcp") {
    rebased.push(`--dhcp-leasefile=${rebase(root, "/var/lib/misc/dnsmasq.leases")}`);
    const tftp = rebased.find((w) => w.startsWith("--tftp-root="))?.slice("--tftp-root=".length);
    if (tftp) {
      mkdirSync(tftp, { recursive: true });
      // What the bastion installer copies from Debian's ipxe package (the arm64 binary does not exist there).
      for (const f of ["undionly.kpxe", "ipxe.efi"]) copyFileSync(join(IPXE_DIR, f), join(tftp, f));
    }
  }
  const logArg = rebased.find((w) => w.startsWith("--log-facility="));
  return {
    name: svc.name,
    role: svc.role,
    cmd: existsSync(cmd) ? cmd : program(cmd.split("/").pop() ?? cmd),
    args: rebased,
    logFile: logArg ? logArg.slice("--log-facility=".length) : logFile,
    ready: { kind: "log", pattern: /started, version/ },
  };
}

function readTree(tree: ArtifactTree, hostPath: string): string {
  for (const p of tree.list("bastion/")) if (hostPathOf(p) === hostPath) return tree.text(p);
  throw new Error(`no rendered file is installed at ${hostPath}`);
}
