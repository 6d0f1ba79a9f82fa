// AWS SDK v3 clients for one lab: region from AWS_REGION or the plan, credentials from the default chain
// (AWS_PROFILE, env, SSO...), an optional endpoint override (an emulator such as moto).
import { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import { CloudFormationClient } from "@aws-sdk/client-cloudformation";
import { EC2Client } from "@aws-sdk/client-ec2";
import { EC2InstanceConnectClient } from "@aws-sdk/client-ec2-instance-connect";
import { ResourceGroupsTaggingAPIClient } from "@aws-sdk/client-resource-groups-tagging-api";
import { SSMClient } from "@aws-sdk/client-ssm";
import { EndpointUnreachableError } from "../../errors.ts";

export interface AwsTarget {
  readonly region: string;
  readonly endpointUrl?: string;
}

export interface AwsClients {
  readonly target: AwsTarget;
  readonly cfn: CloudFormationClient;
  readonly ec2: EC2Client;
  readonly asg: AutoScalingClient;
  readonly tagging: ResourceGroupsTaggingAPIClient;
  /** The keyless way into the bastion (src/plan/bastion-access.ts): a session key pushed, an SSM session. */
  readonly instanceConnect: EC2InstanceConnectClient;
  readonly ssm: SSMClient;
}

/** Region: AWS_REGION, then AWS_DEFAULT_REGION, then the plan's. */
export function awsTarget(planRegion: string, endpointUrl?: string): AwsTarget {
  const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? planRegion;
  return { region, ...(endpointUrl ? { endpointUrl } : {}) };
}

export function createClients(target: AwsTarget): AwsClients {
  const config = {
    region: target.region,
    maxAttempts: target.endpointUrl ? 1 : 3,
    ...(target.endpointUrl ? { endpoint: target.endpointUrl } : {}),
    // An emulator accepts any credentials; without any configured, give it fixed ones instead of failing.
    ...(target.endpointUrl && !process.env.AWS_ACCESS_KEY_ID && !process.env.AWS_PROFILE
      ? { credentials: { accessKeyId: "moonlab-emulator", secretAccessKey: "moonlab-emulator" } }
      : {}),
  };
  return {
    target,
    cfn: new CloudFormationClient(config),
    ec2: new EC2Client(config),
    asg: new AutoScalingClient(config),
    tagging: new ResourceGroupsTaggingAPIClient(config),
    instanceConnect: new EC2InstanceConnectClient(config),
    ssm: new SSMClient(config),
  };
}

const UNREACHABLE = new Set(["ECONNREFUSED", "ENOTFOUND", "EHOSTUNREACH", "ECONNRESET", "ETIMEDOUT", "EAI_AGAIN"]);

/** Runs an AWS call; a connection failure becomes EndpointUnreachableError naming host and port. */
export async function call<T>(target: AwsTarget, what: string, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    const code = networkCode(e);
    if (code) {
      const url = new URL(target.endpointUrl ?? `https://ec2.${target.region}.amazonaws.com`);
      const port = Number(url.port || (url.protocol === "http:" ? 80 : 443));
      throw new EndpointUnreachableError(`AWS API (${what})`, url.hostname, port, code);
    }
    throw e;
  }
}

function networkCode(e: unknown): string | undefined {
  for (let x: unknown = e, i = 0; x && i < 5; i++) {
    const o = x as { code?: string; errors?: unknown[]; cause?: unknown };
    if (o.code && UNREACHABLE.has(o.code)) return o.code;
    if (Array.isArray(o.errors))
      for (const inner of o.errors) {
        const c = (inner as { code?: string }).code;
        if (c && UNREACHABLE.has(c)) return c;
      }
    x = o.cause;
  }
  return undefined;
}
