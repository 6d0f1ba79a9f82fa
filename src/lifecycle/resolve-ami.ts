// Resolves the node AMI for the boot mode: DescribeImages by owner, name pattern and architecture; newest wins.
import { DescribeImagesCommand } from "@aws-sdk/client-ec2";
import { call } from "../adapters/aws/clients.ts";
import { LabError } from "../errors.ts";
import { AMI_SOURCES } from "../render/aws/ami.ts";
import type { LifecycleContext } from "./context.ts";

export interface AmiChoice {
  readonly id: string;
  readonly name: string;
  readonly owner: string;
}

export async function resolveNodeAmi(
  ctx: LifecycleContext,
  options: { nodeAmi?: string; owner?: string },
): Promise<AmiChoice> {
  if (options.nodeAmi) return { id: options.nodeAmi, name: "(given with --node-ami)", owner: "" };
  const src = AMI_SOURCES[ctx.plan.talos.bootMode];
  const owner = options.owner ?? src.owner;
  const pattern = src.namePattern(ctx.plan);
  const arch = ctx.plan.arch === "arm64" ? "arm64" : "x86_64";
  const images =
    (
      await call(ctx.aws.target, "DescribeImages", () =>
        ctx.aws.ec2.send(
          new DescribeImagesCommand({
            Owners: [owner],
            Filters: [
              { Name: "name", Values: [pattern] },
              { Name: "architecture", Values: [arch] },
              { Name: "state", Values: ["available"] },
            ],
          }),
        ),
      )
    ).Images ?? [];
  const newest = [...images].sort((a, b) =>
    String(b.CreationDate ?? "").localeCompare(String(a.CreationDate ?? "")),
  )[0];
  if (!newest?.ImageId)
    throw new LabError(
      `no ${ctx.plan.talos.bootMode} AMI found in ${ctx.aws.target.region}: owner ${owner}, name "${pattern}", ` +
        `architecture ${arch}. Pass --node-ami ami-... (or --ami-owner) to choose one.`,
      2,
    );
  return { id: newest.ImageId, name: newest.Name ?? "", owner };
}
