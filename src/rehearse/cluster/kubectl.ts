// kubectl bound to one kubeconfig, for the few whole-file operations of a rehearsal (apply -f, wait) where kubectl's
// own behaviour (server-side apply of CRD directories, condition waits) is what is wanted.
import { runOk } from "../proc.ts";
import { program } from "../tools.ts";

export type Kubectl = (args: readonly string[], timeoutMs?: number) => Promise<string>;

export function kubectlFor(kubeconfigPath: string): Kubectl {
  const bin = program("kubectl");
  return (args, timeoutMs = 60_000) => runOk(bin, [`--kubeconfig=${kubeconfigPath}`, ...args], timeoutMs);
}
