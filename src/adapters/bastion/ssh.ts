// BastionPort over SSH (the `ssh2` package): one connection, opened on first use and reused; every failure to
// connect names the host and port. Also writes files (for pushing secrets), atomically and with a mode. SSH runs
// over TCP to host:port, or over a stream a Dial opens (the keyless paths: a session key pushed, SSM or TCP,
// src/adapters/bastion/keyless-dial.ts); the dial happens on first use, after `wake` has started the bastion.
import { readFileSync } from "node:fs";
import type { Duplex } from "node:stream";
import { Client, type ConnectConfig } from "ssh2";
import { EndpointUnreachableError } from "../../errors.ts";
import type { BastionPort, ExecResult } from "../../ports/bastion.ts";
import type { Dial, Dialed } from "./keyless-dial.ts";

export interface SshBastionOptions {
  readonly host: string;
  readonly port?: number;
  readonly user: string;
  /** Private key (PEM/OpenSSH text) or a path to it; without one the SSH agent (SSH_AUTH_SOCK) is used. */
  readonly privateKey?: string;
  readonly privateKeyPath?: string;
  /** Expected host key SHA-256 fingerprint (base64, as `ssh-keygen -l` prints after "SHA256:"); unchecked if absent. */
  readonly hostKeySha256?: string;
  readonly timeoutMs?: number;
  /** Commands that need root are run through `sudo -n` unless the user is root. */
  readonly sudo?: boolean;
  /** Opens the stream and the key SSH uses instead of TCP to host:port and the key options above. */
  readonly dial?: Dial;
}

/** Single-quotes a word for the remote shell. */
export const shq = (s: string): string => `'${s.replace(/'/g, `'"'"'`)}'`;

export class SshBastion implements BastionPort {
  readonly #o: SshBastionOptions;
  #client: Promise<Client> | undefined;
  #dialed: Dialed | undefined;

  constructor(options: SshBastionOptions) {
    this.#o = options;
  }

  #connect(): Promise<Client> {
    if (this.#client) return this.#client;
    this.#client = this.#open();
    return this.#client;
  }

  async #open(): Promise<Client> {
    const o = this.#o;
    const port = o.port ?? 22;
    let dialed: Dialed | undefined;
    if (o.dial) {
      try {
        dialed = await o.dial();
      } catch (e) {
        this.#client = undefined;
        throw e;
      }
    }
    this.#dialed = dialed;
    return new Promise<Client>((resolve, reject) => {
      const c = new Client();
      const config: ConnectConfig = {
        host: o.host,
        port,
        username: o.user,
        readyTimeout: o.timeoutMs ?? 20_000,
        ...(dialed !== undefined
          ? { sock: dialed.sock, privateKey: dialed.privateKey }
          : o.privateKey !== undefined
            ? { privateKey: o.privateKey }
            : o.privateKeyPath !== undefined
              ? { privateKey: readFileSync(o.privateKeyPath) }
              : { agent: process.env.SSH_AUTH_SOCK }),
        ...(o.hostKeySha256 !== undefined
          ? {
              hostHash: "sha256",
              hostVerifier: (hash: string) =>
                Buffer.from(hash, "hex").toString("base64").replace(/=+$/, "") === o.hostKeySha256?.replace(/=+$/, ""),
            }
          : {}),
      };
      c.once("ready", () => resolve(c));
      // `on`, not `once`: closing the transport after a failure can report once more (the stream's own abort).
      c.on("error", (e) => {
        this.#client = undefined;
        void dialed?.close();
        reject(
          dialed !== undefined
            ? new EndpointUnreachableError(`bastion SSH via ${dialed.to}`, o.host, port, e.message)
            : new EndpointUnreachableError("bastion SSH", o.host, port, e.message),
        );
      });
      c.connect(config);
    });
  }

  #wrap(command: string): string {
    return this.#o.sudo && this.#o.user !== "root" ? `sudo -n sh -c ${shq(command)}` : command;
  }

  async exec(command: string, stdin?: string | Uint8Array): Promise<ExecResult> {
    const c = await this.#connect();
    return new Promise((resolve, reject) => {
      c.exec(this.#wrap(command), (err, stream) => {
        if (err) return reject(err);
        let stdout = "";
        let stderr = "";
        stream.on("data", (b: Buffer) => {
          stdout += b.toString();
        });
        stream.stderr.on("data", (b: Buffer) => {
          stderr += b.toString();
        });
        stream.on("close", (code: number | null) => resolve({ code: code ?? 1, stdout, stderr }));
        if (stdin !== undefined) stream.end(stdin);
        else stream.end();
      });
    });
  }

  async readFile(path: string): Promise<string | undefined> {
    const r = await this.exec(`if [ -e ${shq(path)} ]; then cat -- ${shq(path)}; else exit 44; fi`);
    if (r.code === 44) return undefined;
    if (r.code !== 0) throw new Error(`reading ${path} on the bastion failed: ${r.stderr.trim()}`);
    return r.stdout;
  }

  async resolve(name: string): Promise<readonly string[]> {
    // Ask Pi-hole on the bastion itself (dig comes from bind-utils, installed by the bundle).
    const r = await this.exec(`dig +short +time=3 +tries=2 A ${shq(name)} @127.0.0.1`);
    if (r.code !== 0) throw new Error(`dig on the bastion failed: ${r.stderr.trim()}`);
    return r.stdout
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => /^\d+\.\d+\.\d+\.\d+$/.test(l))
      .sort();
  }

  /** Writes a file atomically (temp file + rename) with the given mode, creating its directory. */
  async writeFile(path: string, content: string, mode: number): Promise<void> {
    const dir = path.slice(0, path.lastIndexOf("/")) || "/";
    const tmp = `${path}.moonlab-tmp`;
    const m = mode.toString(8);
    const r = await this.exec(
      `umask 077 && mkdir -p ${shq(dir)} && cat > ${shq(tmp)} && chmod ${m} ${shq(tmp)} && mv -f ${shq(tmp)} ${shq(path)}`,
      content,
    );
    if (r.code !== 0) throw new Error(`writing ${path} on the bastion failed: ${r.stderr.trim()}`);
  }

  /** A TCP stream to host:port opened from the bastion (SSH direct-tcpip: port forwarding, see adapters/tunnel). */
  async forwardOut(host: string, port: number): Promise<Duplex> {
    const c = await this.#connect();
    return new Promise((resolve, reject) => {
      c.forwardOut("127.0.0.1", 0, host, port, (err, stream) =>
        err
          ? reject(new EndpointUnreachableError(`${host}:${port} (from the bastion)`, host, port, err.message))
          : resolve(stream),
      );
    });
  }

  /** Ends the SSH connection and the transport under it (the plugin and its SSM session). */
  close(): Promise<void> {
    const client = this.#client;
    const dialed = this.#dialed;
    this.#client = undefined;
    this.#dialed = undefined;
    return (async () => {
      await client?.then((c) => c.end()).catch(() => undefined);
      await dialed?.close();
    })();
  }
}
