// Fixed ports that two families must agree on: defined once here.
/** T10 on AWS: the demo SpinApp's NodePort; the node security group admits it from the lab subnet (the bastion). */
export const DEMO_NODE_PORT = 30080;
/** The Talos API (apid) on every node: the node security group admits it from the lab subnet, talosctl dials it. */
export const TALOS_API_PORT = 50000;
/** The Kubernetes API server on control-plane nodes: the cluster endpoint, the node security group, kubeconfig. */
export const KUBERNETES_API_PORT = 6443;
