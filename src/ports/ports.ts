// The narrow ports live checks depend on. Checks never import an SDK; real adapters and test fakes implement these.
import type { AwsPort } from "./aws.ts";
import type { BastionPort } from "./bastion.ts";
import type { HttpPort } from "./http.ts";
import type { KubePort } from "./kube.ts";
import type { RegistryPort } from "./registry.ts";
import type { TalosPort } from "./talos.ts";

export interface Ports {
  readonly aws: AwsPort;
  readonly kube: KubePort;
  readonly bastion: BastionPort;
  readonly http: HttpPort;
  readonly talos: TalosPort;
  readonly registry: RegistryPort;
}

export type PortName = keyof Ports;

const HOW: Record<PortName, string> = {
  aws: "run `moonlab test --live` with AWS credentials (AWS_PROFILE/AWS_REGION) or --endpoint-url",
  kube: "run `moonlab test --live --kubeconfig FILE` against the lab's cluster",
  bastion: "run `moonlab test --live` with SSH or SSM access to the bastion (or `moonlab rehearse`)",
  http: "run `moonlab test --live` from a host that reaches the lab subnet",
  talos: "run `moonlab test --live --talosconfig FILE` with talosctl access",
  registry: "run `moonlab test --live` (container registries directly, or --registry-via-bastion through the caches)",
};

/** How to make a missing port available, for not-applicable reasons. */
export function howToGet(port: PortName): string {
  return HOW[port];
}
