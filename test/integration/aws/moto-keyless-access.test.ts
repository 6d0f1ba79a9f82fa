// The keyless path's AWS calls (src/adapters/aws/keyless-access.ts) with the real SDK: finding the bastion and
// pushing the session key against MOTO; StartSession/TerminateSession against a FAKE SSM endpoint, because moto
// 5.2.5 implements neither (test/support/keyless-over-moto.ts).
import { RunInstancesCommand } from "@aws-sdk/client-ec2";
import { expect, it } from "vitest";
import { awsTarget, createClients } from "../../../src/adapters/aws/clients.ts";
import { awsKeylessAccess, SSH_SESSION_DOCUMENT } from "../../../src/adapters/aws/keyless-access.ts";
import { LAB_TAG, ROLE_TAG } from "../../../src/render/aws/names.ts";
import { recordPushes, withFakeSsm } from "../../support/keyless-over-moto.ts";
import { useMotoSuite } from "../../support/moto-suite.ts";
import { describeWithTools } from "../../support/tools.ts";

describeWithTools(
  [{ name: "moto_server", how: "scripts/install-test-tools.sh (20-python.sh)" }],
  "keyless access AWS calls (moto; fake SSM endpoint)",
  () => {
    const moto = useMotoSuite();

    it("moto: finds the lab's running bastion by its tags and pushes an ed25519 key for its user", async () => {
      const clients = createClients(awsTarget("us-east-1", moto.endpoint));
      const tags = (role: string, lab = "moon") => [
        {
          ResourceType: "instance" as const,
          Tags: [
            { Key: LAB_TAG, Value: lab },
            { Key: ROLE_TAG, Value: role },
          ],
        },
      ];
      const run = (role: string, lab?: string) =>
        clients.ec2.send(
          new RunInstancesCommand({
            ImageId: "ami-0e9271c829888680e",
            MinCount: 1,
            MaxCount: 1,
            TagSpecifications: tags(role, lab),
          }),
        );
      const api = awsKeylessAccess(clients, "moon");
      await expect(api.findBastion()).rejects.toThrow(/no running bastion instance.*moonlab wake --bastion-only/);
      await run("node");
      await run("bastion", "other-lab");
      const bastion = (await run("bastion")).Instances?.[0]?.InstanceId as string;
      const found = await api.findBastion();
      expect(found.instanceId).toBe(bastion);
      expect(found.publicAddress).toMatch(/^\d+\.\d+\.\d+\.\d+$/);

      const pushed = recordPushes(clients);
      const key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";
      await api.pushKey(bastion, "ec2-user", key);
      expect(pushed).toEqual([{ instanceId: bastion, user: "ec2-user", publicKey: key }]);
    });

    it("fake SSM endpoint: StartSession asks AWS-StartSSHSession on port 22 of the instance; TerminateSession ends it", async () => {
      const { clients, calls } = withFakeSsm(createClients(awsTarget("us-east-1", moto.endpoint)), () => "wss://x");
      const api = awsKeylessAccess(clients, "moon");
      const s = await api.startSshSession("i-0123456789abcdef0", 22);
      await api.endSession(s.sessionId);
      expect(calls).toEqual([
        {
          target: "AmazonSSM.StartSession",
          body: {
            Target: "i-0123456789abcdef0",
            DocumentName: SSH_SESSION_DOCUMENT,
            Parameters: { portNumber: ["22"] },
          },
        },
        { target: "AmazonSSM.TerminateSession", body: { SessionId: s.sessionId } },
      ]);
      // What session-manager-plugin is handed: the response and request as JSON, region, the endpoint moonlab used.
      expect(JSON.parse(s.response)).toEqual({
        SessionId: s.sessionId,
        StreamUrl: "wss://x",
        TokenValue: "fake-token",
      });
      expect(JSON.parse(s.request)).toMatchObject({
        Target: "i-0123456789abcdef0",
        DocumentName: "AWS-StartSSHSession",
      });
      expect(s.region).toBe("us-east-1");
      expect(s.endpoint).toBe(moto.endpoint);
    });
  },
);
