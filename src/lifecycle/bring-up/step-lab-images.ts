// Step 3: the lab's own images are in the registry on the bastion. Moonlander's controller (mounted by its Deployment
// as an image volume) and the demo app come from no upstream, and on AWS the lab registry starts empty each session
// (the bastion's volume goes with `sleep`), so without this step both pods wait in image pull back-off.
// Done when the registry holds each at the digest moonlab builds; before the nodes start, so nothing waits on them.
import type { GraphStep } from "../step-graph.ts";
import type { BringUpContext } from "./context.ts";

export const labImagesStep: GraphStep<BringUpContext> = {
  id: "lab-images",
  title: "the lab's own images in the bastion's registry (Moonlander's controller, the demo app)",
  fix:
    "check the lab registry on the bastion (`docker compose ps registry` there) and its disk; " +
    "`moonlab moonlander push` and `moonlab demo push` do the same by hand",
  isDone: (ctx) => ctx.labImages.check(),
  run: (ctx) => ctx.labImages.push(),
};
