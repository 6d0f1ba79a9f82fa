// Kubernetes node labels moonlab puts on every node (rendered by the Talos family as machine.nodeLabels) and that
// other families select on (the GitOps family's RuntimeClass schedules Spin pods onto SPIN_NODE_LABEL=true). They are
// part of the plan so both sides read one definition and cannot drift.
export const LABEL_GROUP = "moonlab.dev/group";
export const LABEL_ROLE = "moonlab.dev/role";
/** Set to "true" on nodes whose group schematic carries the siderolabs/spin extension (the containerd spin shim). */
export const SPIN_NODE_LABEL = "moonlab.dev/extension-spin";
export const SPIN_EXTENSION = "siderolabs/spin";

export function nodeLabels(
  node: { readonly group: string; readonly role: string },
  groupExtensions: readonly string[],
): Record<string, string> {
  return {
    [LABEL_GROUP]: node.group,
    [LABEL_ROLE]: node.role,
    ...(groupExtensions.includes(SPIN_EXTENSION) ? { [SPIN_NODE_LABEL]: "true" } : {}),
  };
}
