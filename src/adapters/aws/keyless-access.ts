// The AWS calls of the keyless way into the bastion (src/plan/bastion-access.ts): find the bastion's running
// instance by its tags, push a session key with EC2 Instance Connect, open and end an SSM Session Manager session
// to its sshd. Each call is one SDK command; the transport on top is src/adapters/bastion/keyless-dial.ts.
import { DescribeInstancesCommand } from "@aws-sdk/client-ec2";
import { SendSSHPublicKeyCommand } from "@aws-sdk/client-ec2-instance-connect";
import { StartSessionCommand, TerminateSessionCommand } from "@aws-sdk/client-ssm";
import { LabError } from "../../errors.ts";
import { ROLE_TAG } from "../../render/aws/names.ts";
import { type AwsClients, call } from "./clients.ts";
import { labFilter } from "./infra.ts";

/** The SSM document that turns a session into a byte stream to a port on the instance (its sshd). */
export const SSH_SESSION_DOCUMENT = "AWS-StartSSHSession";

export interface BastionInstance {
  readonly instanceId: string;
  /** Public IPv4, else the first IPv6 address; absent when the bastion has neither. */
  readonly publicAddress?: string;
}

/** What session-manager-plugin needs, exactly as the AWS CLI hands it over (src/adapters/bastion/session-plugin.ts). */
export interface SsmSession {
  readonly sessionId: string;
  /** The StartSession response (SessionId, StreamUrl, TokenValue) as JSON. */
  readonly response: string;
  /** The StartSession request (Target, DocumentName, Parameters) as JSON. */
  readonly request: string;
  readonly region: string;
  /** The SSM endpoint the plugin talks to (it calls back into SSM to resume a dropped stream). */
  readonly endpoint: string;
}

export interface KeylessAccessApi {
  findBastion(): Promise<BastionInstance>;
  /** Pushes an OpenSSH public key for `user`, valid 60 seconds on the instance (EC2 Instance Connect). */
  pushKey(instanceId: string, user: string, publicKey: string): Promise<void>;
  startSshSession(instanceId: string, port: number): Promise<SsmSession>;
  endSession(sessionId: string): Promise<void>;
}

export function awsKeylessAccess(clients: AwsClients, lab: string): KeylessAccessApi {
  const { target } = clients;
  return {
    async findBastion() {
      const r = await call(target, "DescribeInstances", () =>
        clients.ec2.send(
          new DescribeInstancesCommand({
            Filters: [
              labFilter(lab),
              { Name: `tag:${ROLE_TAG}`, Values: ["bastion"] },
              { Name: "instance-state-name", Values: ["running"] },
            ],
          }),
        ),
      );
      const i = (r.Reservations ?? []).flatMap((x) => x.Instances ?? [])[0];
      if (!i?.InstanceId)
        throw new LabError(
          `lab ${lab} has no running bastion instance to connect to: \`moonlab wake --bastion-only\` starts it`,
          3,
        );
      const v6 = i.NetworkInterfaces?.flatMap((n) => n.Ipv6Addresses ?? [])[0]?.Ipv6Address;
      const publicAddress = i.PublicIpAddress ?? v6;
      return { instanceId: i.InstanceId, ...(publicAddress ? { publicAddress } : {}) };
    },
    async pushKey(instanceId, user, publicKey) {
      const r = await call(target, "SendSSHPublicKey", () =>
        clients.instanceConnect.send(
          new SendSSHPublicKeyCommand({ InstanceId: instanceId, InstanceOSUser: user, SSHPublicKey: publicKey }),
        ),
      );
      if (r.Success !== true)
        throw new LabError(`EC2 Instance Connect did not accept the session key for ${user}@${instanceId}`, 3);
    },
    async startSshSession(instanceId, port) {
      const request = {
        Target: instanceId,
        DocumentName: SSH_SESSION_DOCUMENT,
        Parameters: { portNumber: [String(port)] },
      };
      const r = await call(target, "StartSession", () => clients.ssm.send(new StartSessionCommand(request)));
      if (!r.SessionId || !r.StreamUrl || !r.TokenValue)
        throw new LabError(`SSM StartSession to ${instanceId} answered without a session`, 3);
      return {
        sessionId: r.SessionId,
        response: JSON.stringify({ SessionId: r.SessionId, StreamUrl: r.StreamUrl, TokenValue: r.TokenValue }),
        request: JSON.stringify(request),
        region: target.region,
        // The AWS CLI passes its client's endpoint; the regional one unless an override (an emulator) is set.
        endpoint: target.endpointUrl ?? `https://ssm.${target.region}.amazonaws.com`,
      };
    },
    async endSession(sessionId) {
      await call(target, "TerminateSession", () =>
        clients.ssm.send(new TerminateSessionCommand({ SessionId: sessionId })),
      );
    },
  };
}
