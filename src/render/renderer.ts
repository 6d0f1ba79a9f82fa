// The renderer contract: a pure function of (plan, secrets, options) to artifacts.

import type { Artifact } from "../artifacts/artifact.ts";
import type { Plan } from "../plan/types.ts";
import type { LabSecrets } from "../secrets/types.ts";

export interface RenderOptions {
  /** Render for the AWS API emulator (moto): apply the emulator profile's differences at synth time. */
  readonly emulator?: boolean;
}

export type Renderer = (plan: Plan, secrets: LabSecrets, options: RenderOptions) => Artifact[];
