// Opens the transport of a keyless path to the bastion (src/plan/bastion-access.ts): a fresh ed25519 key made in
// memory (never written anywhere), its public half pushed through EC2 Instance Connect, then right away (the key is
// valid 60 s) a byte stream to the bastion's sshd, over SSM (session-manager-plugin) or TCP to its public address.
// SshBastion runs SSH over that stream, so exec, file pushes and the tunnel's forwardOut all ride on it.
import type { Duplex } from "node:stream";
// ssh2 is CommonJS: Node's ESM loader sees `Client` as a named export but not `utils`.
import ssh2 from "ssh2";
import { LabError } from "../../errors.ts";
import type { BastionAccess } from "../../plan/bastion-access.ts";
import type { KeylessAccessApi } from "../aws/keyless-access.ts";
import { directForwarder } from "../tunnel/connect-proxy.ts";
import { openPluginStream, SESSION_PLUGIN } from "./session-plugin.ts";

/** An open transport: the stream SSH runs over, the key it authenticates with, and how to end it. */
export interface Dialed {
  readonly sock: Duplex;
  readonly privateKey: string;
  /** Where the stream leads, for messages (instance id or address). */
  readonly to: string;
  close(): Promise<void>;
}

export type Dial = () => Promise<Dialed>;

export interface KeylessDialOptions {
  /** session-manager-plugin (or a stand-in in tests). */
  readonly plugin?: string;
  /** Opens TCP to the public address (the default; tests point it elsewhere). */
  readonly tcp?: (host: string, port: number) => Promise<Duplex>;
}

export function keylessDial(
  access: Extract<BastionAccess, { key: "pushed" }>,
  api: KeylessAccessApi,
  o: KeylessDialOptions = {},
): Dial {
  return async () => {
    const bastion = await api.findBastion();
    const key = ssh2.utils.generateKeyPairSync("ed25519");
    await api.pushKey(bastion.instanceId, access.user, key.public);
    if (access.kind === "ssh") {
      if (!bastion.publicAddress)
        throw new LabError(
          `bastion ${bastion.instanceId} has no public address for SSH: set bastion.publicIpv4: true, or empty ` +
            "bastion.ssh.sources to go over SSM",
          2,
        );
      const sock = await (o.tcp ?? directForwarder)(bastion.publicAddress, access.port);
      return {
        sock,
        privateKey: key.private,
        to: `${bastion.publicAddress}:${access.port}`,
        close: async () => void sock.destroy(),
      };
    }
    const session = await api.startSshSession(bastion.instanceId, access.port);
    const stream = openPluginStream(o.plugin ?? SESSION_PLUGIN, session);
    let ended: Promise<void> | undefined;
    return {
      sock: stream.sock,
      privateKey: key.private,
      to: `${bastion.instanceId} (SSM session ${session.sessionId})`,
      // Once: a connection error and the explicit close may both get here.
      close() {
        ended ??= (async () => {
          stream.close();
          // A session left open counts against the account's limits until it times out: end it.
          await api.endSession(session.sessionId).catch(() => undefined);
        })();
        return ended;
      },
    };
  };
}
