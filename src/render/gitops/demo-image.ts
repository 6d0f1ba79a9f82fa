// The demo Spin app's OCI reference: the one place it is written. `moonlab demo push` pushes there and the
// SpinApp pulls from there (the lab's own registry on the bastion, plan.services.registry).
import type { Plan } from "../../plan/types.ts";

export const DEMO_IMAGE_REPOSITORY = "moonlab/hello-spin";
export const DEMO_IMAGE_TAG = "0.1.0";

/** `<bastion address>:<registry port>/moonlab/hello-spin:0.1.0`. */
export function demoImageRef(plan: Plan): string {
  return `${plan.bastion.address}:${plan.services.registry.port}/${DEMO_IMAGE_REPOSITORY}:${DEMO_IMAGE_TAG}`;
}
