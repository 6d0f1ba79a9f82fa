// Fake nodes: Node objects annotated for kwok, which marks them Ready and runs the pods scheduled onto them, so
// scheduling constraints of the tree meet real labels and taints.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { runOk } from "../proc.ts";
import { program } from "../tools.ts";

export const KWOK_ANNOTATION = "kwok.x-k8s.io/node";

/** A fake node: kwok marks it Ready and runs the pods scheduled onto it. */
export interface KwokNode {
  readonly name: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly taints?: readonly { readonly key: string; readonly value?: string; readonly effect: string }[];
}

export function nodeManifests(nodes: readonly KwokNode[]): string {
  return nodes
    .map((n) =>
      stringify({
        apiVersion: "v1",
        kind: "Node",
        metadata: {
          name: n.name,
          labels: { "kubernetes.io/hostname": n.name, "kubernetes.io/os": "linux", type: "kwok", ...n.labels },
          annotations: { [KWOK_ANNOTATION]: "fake", "node.alpha.kubernetes.io/ttl": "0" },
        },
        spec: n.taints && n.taints.length > 0 ? { taints: n.taints.map((t) => ({ ...t })) } : {},
      }),
    )
    .join("---\n");
}

/** Creates the nodes and waits until kwok reports each Ready. */
export async function addKwokNodes(
  dir: string,
  adminKubeconfig: string,
  nodes: readonly KwokNode[],
  timeoutMs: number,
): Promise<void> {
  const kubectl = (args: readonly string[], ms: number) =>
    runOk(program("kubectl"), [`--kubeconfig=${adminKubeconfig}`, ...args], ms);
  const file = join(dir, "kwok-nodes.yaml");
  writeFileSync(file, nodeManifests(nodes));
  await kubectl(["apply", "-f", file], 30_000);
  const wait = `--timeout=${Math.round(timeoutMs / 1000)}s`;
  await kubectl(["wait", "--for=condition=Ready", wait, ...nodes.map((n) => `node/${n.name}`)], timeoutMs + 5000);
}
