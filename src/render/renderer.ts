// The renderer contract: a pure function of (plan, secrets, options) to artifacts.

import type { Artifact } from "../artifacts/artifact.ts";
import type { Plan } from "../plan/types.ts";
import type { LabSecrets } from "../secrets/types.ts";

export interface RenderOptions {
  /** Render for the AWS API emulator (moto): apply the emulator profile's differences at synth time. */
  readonly emulator?: boolean;
  /**
   * Run aws-cdk-lib's built-in CloudFormation template validator inside the synth. Off for the offline plan: it was
   * 56% of plan's CPU and repeats what cfn-lint proves on every rendered template in CI
   * (test/integration/aws); `up` and `diff` turn it on, where it earns its time right before a deploy.
   */
  readonly cfnValidation?: boolean;
}

export type Renderer = (plan: Plan, secrets: LabSecrets, options: RenderOptions) => Artifact[];
