// The keyless way into the bastion end to end over real components where there are any here: a REAL OpenSSH sshd
// on loopback that accepts only a key pushed in the last 60 s (test/support/real-sshd.ts, EC2 Instance Connect's
// window), the real SshBastion / ConnectProxyTunnel / keylessDial code, and for the two things that exist only in AWS
// a FAKE KeylessAccessApi (its push writes the key where that sshd reads it; its StartSession points at the sshd)
// and a session-manager-plugin STAND-IN (test/fakes/session-manager-plugin-stand-in.mjs, relays stdio to the sshd).
// The AWS calls themselves are tested against moto in test/integration/aws/moto-keyless-access.test.ts.
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { KeylessAccessApi, SsmSession } from "../../../src/adapters/aws/keyless-access.ts";
import { keylessDial } from "../../../src/adapters/bastion/keyless-dial.ts";
import { SshBastion } from "../../../src/adapters/bastion/ssh.ts";
import { ConnectProxyTunnel, directForwarder } from "../../../src/adapters/tunnel/connect-proxy.ts";
import type { BastionAccess } from "../../../src/plan/bastion-access.ts";
import { through } from "../../support/connect-through.ts";
import { type RealSshd, startRealSshd } from "../../support/real-sshd.ts";
import { describeWithTools, isRoot, ROOT } from "../../support/tools.ts";

const STAND_IN = join(ROOT, "test/fakes/session-manager-plugin-stand-in.mjs");
// sshd switches to the login user and runs AuthorizedKeysCommand as root: it must run as root, and the user it
// logs in is this one (no ec2-user here).
const USER = userInfo().username;

interface FakeAws extends KeylessAccessApi {
  readonly calls: string[];
  /** When false the push is accepted but the key never reaches the instance (what a wrong user or lost push is). */
  deliver: boolean;
}

function fakeAws(sshd: RealSshd): FakeAws {
  const calls: string[] = [];
  const api: FakeAws = {
    calls,
    deliver: true,
    async findBastion() {
      calls.push("findBastion");
      return { instanceId: "i-0123456789abcdef0", publicAddress: "127.0.0.1" };
    },
    async pushKey(instanceId, user, publicKey) {
      calls.push(`pushKey ${instanceId} ${user} ${publicKey.split(" ")[0]}`);
      if (api.deliver) sshd.push(user, publicKey);
    },
    async startSshSession(instanceId, port): Promise<SsmSession> {
      calls.push(`startSshSession ${instanceId} ${port}`);
      const request = {
        Target: instanceId,
        DocumentName: "AWS-StartSSHSession",
        Parameters: { portNumber: [String(port)] },
      };
      return {
        sessionId: "moonlab-test-0a1b2c",
        response: JSON.stringify({
          SessionId: "moonlab-test-0a1b2c",
          TokenValue: "stand-in-token",
          StreamUrl: `tcp://127.0.0.1:${sshd.port}`,
        }),
        request: JSON.stringify(request),
        region: "us-east-1",
        endpoint: "https://ssm.us-east-1.amazonaws.com",
      };
    },
    async endSession(sessionId) {
      calls.push(`endSession ${sessionId}`);
    },
  };
  return api;
}

describeWithTools(
  [
    {
      name: "sshd",
      how: "apt-get install openssh-server (scripts/test-tools/10-debian.sh), and run as root",
      probe: isRoot,
    },
    { name: "node", how: "Node.js on PATH (runs the session-manager-plugin stand-in)" },
  ],
  "keyless bastion access (real sshd, plugin stand-in, fake AWS calls)",
  () => {
    let sshd: RealSshd;
    let echo: Server;
    let echoPort = 0;
    const scratch = mkdtempSync(join(tmpdir(), "moonlab-keyless-"));
    beforeAll(async () => {
      sshd = await startRealSshd();
      echo = createServer((s) => s.on("data", (b) => s.write(`api ${b.toString()}`)));
      await new Promise<void>((r) => echo.listen(0, "127.0.0.1", () => r()));
      const a = echo.address();
      echoPort = typeof a === "object" && a ? a.port : 0;
    });
    afterAll(() => {
      sshd?.stop();
      echo?.close();
      rmSync(scratch, { recursive: true, force: true });
    });

    const ssm: Extract<BastionAccess, { key: "pushed" }> = { kind: "ssm", key: "pushed", user: USER, port: 22 };
    const bastionOver = (access: Extract<BastionAccess, { key: "pushed" }>, api: KeylessAccessApi) =>
      new SshBastion({
        host: "moonlab-moon-bastion",
        user: access.user,
        sudo: true,
        timeoutMs: 10_000,
        dial: keylessDial(access, api, {
          plugin: STAND_IN,
          // The public address of the fake bastion is loopback; its sshd listens on the test's port.
          tcp: (host, _port) => directForwarder(host, sshd.port),
        }),
      });

    it("over SSM (plugin stand-in -> real sshd): exec, a file push and a CONNECT-tunnel forward with the pushed key", async () => {
      const aws = fakeAws(sshd);
      const bastion = bastionOver(ssm, aws);
      try {
        const r = await bastion.exec("echo over-ssm; id -un");
        expect(r).toMatchObject({ code: 0, stdout: `over-ssm\n${USER}\n` });
        const file = join(scratch, "configs", "controlplane.yaml");
        await bastion.writeFile(file, "machine: {}\n", 0o600);
        expect(readFileSync(file, "utf8")).toBe("machine: {}\n");
        expect(statSync(file).mode & 0o777).toBe(0o600);
        expect(await bastion.readFile(file)).toBe("machine: {}\n");
        const tunnel = await new ConnectProxyTunnel((h, p) => bastion.forwardOut(h, p)).open([
          { host: "127.0.0.1", port: echoPort },
        ]);
        try {
          expect(await through(tunnel.proxyUrl, `127.0.0.1:${echoPort}`, "talos\n")).toEqual({
            status: 200,
            reply: "api talos\n",
          });
        } finally {
          await tunnel.close();
        }
      } finally {
        await bastion.close();
      }
      // One session: found, key pushed (ed25519, for the login user), stream opened, session ended on close.
      expect(aws.calls).toEqual([
        "findBastion",
        `pushKey i-0123456789abcdef0 ${USER} ssh-ed25519`,
        "startSshSession i-0123456789abcdef0 22",
        "endSession moonlab-test-0a1b2c",
      ]);
      expect(sshd.log()).toMatch(/Accepted publickey for \S+ from 127\.0\.0\.1 .* ED25519/);
    }, 60_000);

    it("over SSH to the public address (real sshd, no plugin): the same, with the pushed key", async () => {
      const aws = fakeAws(sshd);
      const bastion = bastionOver({ kind: "ssh", key: "pushed", user: USER, port: 22 }, aws);
      try {
        expect((await bastion.exec("echo over-ssh")).stdout).toBe("over-ssh\n");
      } finally {
        await bastion.close();
      }
      expect(aws.calls).toEqual(["findBastion", `pushKey i-0123456789abcdef0 ${USER} ssh-ed25519`]);
    }, 60_000);

    it("without this session's key pushed, the real sshd refuses (an earlier session's key is no use): exit 3", async () => {
      const aws = fakeAws(sshd);
      aws.deliver = false;
      const bastion = bastionOver(ssm, aws);
      const e = await bastion.exec("true").catch((x: unknown) => x);
      await bastion.close();
      expect((e as Error).message).toMatch(
        /bastion SSH via i-0123456789abcdef0 \(SSM session moonlab-test-0a1b2c\) .* unreachable \(All configured authentication methods failed\)/,
      );
      expect((e as { exitCode?: number }).exitCode).toBe(3);
      expect(aws.calls).toContain("endSession moonlab-test-0a1b2c");
    }, 60_000);
  },
);
