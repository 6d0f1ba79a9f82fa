// Fixed ports that two families must agree on: defined once here.
/** T10 on AWS: the demo SpinApp's NodePort; the node security group admits it from the lab subnet (the bastion). */
export const DEMO_NODE_PORT = 30080;
