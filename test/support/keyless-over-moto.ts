// The keyless bastion path's AWS side for tests: the real SDK clients against moto, plus the two things moto does
// not do. (1) moto's EC2 Instance Connect answers Success and keeps nothing, and no instance runs to read the key
// from its metadata: a middleware records each SendSSHPublicKey moto accepted and hands the key to the test's real
// sshd (what AWS's instance metadata does for the bastion's AuthorizedKeysCommand). (2) moto 5.2.5 has no SSM
// StartSession/TerminateSession: the SSM client gets a FAKE endpoint (its HTTP handler) that records the requests
// the real SDK serialized and answers with a session whose StreamUrl the plugin stand-in relays to (tcp://).
import { SSMClient } from "@aws-sdk/client-ssm";
import type { AwsClients } from "../../src/adapters/aws/clients.ts";

export interface PushedKey {
  readonly instanceId: string;
  readonly user: string;
  readonly publicKey: string;
}

export interface SsmCall {
  readonly target: string;
  readonly body: Record<string, unknown>;
}

/** Records SendSSHPublicKey calls moto accepted; `deliver` gets each (e.g. RealSshd.push). */
export function recordPushes(clients: AwsClients, deliver?: (k: PushedKey) => void): PushedKey[] {
  const pushed: PushedKey[] = [];
  clients.instanceConnect.middlewareStack.add(
    (next) => async (args) => {
      const out = await next(args);
      const input = args.input as { InstanceId: string; InstanceOSUser: string; SSHPublicKey: string };
      const k = { instanceId: input.InstanceId, user: input.InstanceOSUser, publicKey: input.SSHPublicKey };
      pushed.push(k);
      deliver?.(k);
      return out;
    },
    { step: "initialize", name: "moonlabRecordPush" },
  );
  return pushed;
}

/** The clients with the SSM client on a fake endpoint; `streamUrl` is what StartSession answers. */
export function withFakeSsm(
  clients: AwsClients,
  streamUrl: () => string,
): { readonly clients: AwsClients; readonly calls: SsmCall[] } {
  const calls: SsmCall[] = [];
  let n = 0;
  const ssm = new SSMClient({
    region: clients.target.region,
    credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
    requestHandler: {
      async handle(request: { headers: Record<string, string>; body?: unknown }) {
        const target = request.headers["x-amz-target"] ?? "";
        const body = JSON.parse(String(request.body ?? "{}")) as Record<string, unknown>;
        calls.push({ target, body });
        const answer =
          target === "AmazonSSM.StartSession"
            ? { SessionId: `moonlab-test-${++n}`, TokenValue: "fake-token", StreamUrl: streamUrl() }
            : { SessionId: body.SessionId };
        return {
          response: {
            statusCode: 200,
            headers: { "content-type": "application/x-amz-json-1.1" },
            body: new TextEncoder().encode(JSON.stringify(answer)),
          },
        };
      },
    } as never,
  });
  return { clients: { ...clients, ssm }, calls };
}
