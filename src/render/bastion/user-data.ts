// The AWS bastion's cloud-init user-data (Amazon Linux 2023), embedded by the AWS family in the launch template.
// OWNED BY THE BASTION ISSUE (#4): placeholder until the bastion bundle renders the real one.
import type { Plan } from "../../plan/types.ts";

export function bastionUserData(plan: Plan): string {
  return `#cloud-config\n# bastion for lab ${plan.lab}: the bastion issue renders the services here\n`;
}
