// Where node AMIs come from. Not hard-coded ids: `moonlab up` asks DescribeImages for the newest match.
import type { Plan } from "../../plan/types.ts";

export interface AmiSource {
  readonly owner: string;
  readonly namePattern: (plan: Plan) => string;
  readonly note: string;
  /** The AMI's root device: the node's volume is mapped onto it (resizing the root) rather than added beside it. */
  readonly rootDevice: string;
}

const awsArch = (plan: Plan): string => (plan.arch === "arm64" ? "arm64" : "x86_64");

export const AMI_SOURCES: Record<"ipxe" | "ami", AmiSource> = {
  ipxe: {
    // ipxe/ipxe contrib/cloud/aws-import registers images named "<name> (<arch>)" with the default name
    // "iPXE (<YYYY-MM-DD>)", public, in every region. The owner account 833372943033 is the one iPXE's EC2 guide
    // (ipxe.org/howto/ec2: "iPXE publishes public AMIs from account 833372943033 across all AWS regions. Both
    // arm64 and x86_64") names; public Terraform configs filter on the same owner-id. --ami-owner overrides it.
    owner: "833372943033",
    // aws-import registers the image with RootDeviceName /dev/sda1 (a 1 GB boot disk); Talos installs over it.
    rootDevice: "/dev/sda1",
    namePattern: (plan) => `iPXE (*) (${awsArch(plan)})`,
    note:
      "iPXE images are named by ipxe/ipxe contrib/cloud/aws-import as 'iPXE (<date>) (<arch>)'; their embedded script " +
      "runs the instance user-data as an iPXE script. The owner account is taken from ipxe.org (not verified offline; " +
      "`--ipxe-owner` overrides it).",
  },
  ami: {
    owner: "540036508848",
    rootDevice: "/dev/xvda",
    namePattern: (plan) => `talos-${plan.talos.version}-${awsArch(plan) === "x86_64" ? "amd64" : "arm64"}`,
    note: "Official Talos AMIs (Sidero Labs, owner 540036508848) are named talos-<version>-<arch>.",
  },
};
