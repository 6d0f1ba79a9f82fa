// Process groups a control plane started, killed when this process ends however it ends: a normal exit, an uncaught
// error, Ctrl-C (SIGINT) or SIGTERM. stop() is the orderly path; this is the safety net so that no etcd or
// kube-apiserver outlives the moonlab process that started it.
const groups = new Set<number>();
let installed = false;

function killAll(): void {
  for (const pid of groups) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  groups.clear();
}

function onSignal(sig: NodeJS.Signals): void {
  killAll();
  // Our listener replaced Node's default "terminate on signal"; keep that behaviour unless someone else handles it.
  if (process.listenerCount(sig) <= 1) process.exit(sig === "SIGINT" ? 130 : 143);
}

export function guardGroup(pid: number): void {
  groups.add(pid);
  if (installed) return;
  installed = true;
  process.on("exit", killAll);
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
}

export function releaseGroup(pid: number): void {
  groups.delete(pid);
}
