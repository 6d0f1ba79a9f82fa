// Flux's real source-controller and kustomize-controller (v1.9.6, built by scripts/test-tools/36-flux.sh), run as
// local processes against a local control plane with its admin kubeconfig (in a cluster they run with
// cluster-admin too). Every port is a free loopback port; source-controller serves its artifacts on loopback and
// advertises that address to kustomize-controller. As a safety net the controllers get a proxy on a closed loopback
// port for every non-loopback host, so a source that points at the internet fails to fetch instead of leaving the
// machine; the rehearsal reports that failure with the controller's own message.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { killGroup, readLog, type Started, start, waitFor } from "../proc.ts";
import { program } from "../tools.ts";
import { guardGroup, releaseGroup } from "./exit-guard.ts";
import { freePorts } from "./free-ports.ts";

/** How often kustomize-controller re-evaluates a Kustomization whose dependency is not ready (Flux's default: 30). */
export const REQUEUE_DEPENDENCY_S = 5;

export interface FluxControllers {
  readonly processes: readonly Started[];
  stop(): Promise<void>;
}

/** A closed port on loopback: nothing listens on the discard port here, so a proxied fetch is refused at once. */
const DEAD_PROXY = "http://127.0.0.1:9";

export async function startFluxControllers(kubeconfigPath: string, workDir: string): Promise<FluxControllers> {
  const [storage, m1, h1, m2, h2] = (await freePorts(5)) as [number, number, number, number, number];
  mkdirSync(join(workDir, "logs"), { recursive: true });
  // source-controller refuses a storage path that does not exist yet ("invalid dir path").
  mkdirSync(join(workDir, "source-storage"), { recursive: true });
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: workDir,
    KUBECONFIG: kubeconfigPath,
    RUNTIME_NAMESPACE: "flux-system",
    HTTP_PROXY: DEAD_PROXY,
    HTTPS_PROXY: DEAD_PROXY,
    NO_PROXY: "127.0.0.1,localhost",
  };
  const procs: Started[] = [];
  const launch = (name: string, args: readonly string[]) => {
    const p = start(name, program(name), args, { logFile: join(workDir, "logs", `${name}.log`), env });
    guardGroup(p.pid);
    procs.push(p);
    return p;
  };
  const common = ["--enable-leader-election=false", "--log-encoding=console", "--watch-all-namespaces=true"];
  const source = launch("source-controller", [
    ...common,
    `--metrics-addr=127.0.0.1:${m1}`,
    `--health-addr=127.0.0.1:${h1}`,
    `--storage-path=${join(workDir, "source-storage")}`,
    `--storage-addr=127.0.0.1:${storage}`,
    `--storage-adv-addr=127.0.0.1:${storage}`,
  ]);
  const kustomize = launch("kustomize-controller", [
    ...common,
    `--metrics-addr=127.0.0.1:${m2}`,
    `--health-addr=127.0.0.1:${h2}`,
    "--no-remote-bases=true",
    // Flux's default is 30 s: a stage waiting on a dependency is looked at again that often. The rehearsal's stages
    // wait on one another the same way, only the wait is shorter, so the whole tree settles in seconds, not minutes.
    `--requeue-dependency=${REQUEUE_DEPENDENCY_S}s`,
  ]);
  const stop = async () => {
    for (const p of [...procs].reverse()) {
      await killGroup(p, 5000);
      releaseGroup(p.pid);
    }
  };
  try {
    for (const [p, port] of [
      [source, h1],
      [kustomize, h2],
    ] as const)
      await waitFor(
        `${p.name} /readyz`,
        async () => {
          if (!p.isRunning()) throw new Error(`${p.name} exited:\n${readLog(p.logFile).slice(-3000)}`);
          const r = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(2000) }).catch(
            () => undefined,
          );
          return r?.status === 200 ? true : undefined;
        },
        90_000,
        250,
      );
  } catch (e) {
    await stop();
    throw e;
  }
  return { processes: procs, stop };
}
