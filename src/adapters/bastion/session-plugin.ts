// A byte stream to the bastion's sshd through an SSM session: AWS's `session-manager-plugin`, run the way the AWS
// CLI runs it for `aws ssm start-session --document-name AWS-StartSSHSession` (as an SSH ProxyCommand), speaks the
// session's data channel and relays it to its stdin/stdout. Its argument contract (src/sessionmanagerplugin/session
// in aws/session-manager-plugin): <response> <region> StartSession <profile> <request JSON> <SSM endpoint>, where a
// response argument starting with AWS_SSM_START_SESSION_RESPONSE names an environment variable holding it, so the
// session token never shows in the process list.
import { spawn } from "node:child_process";
import { Duplex } from "node:stream";
import { LabError } from "../../errors.ts";
import type { SsmSession } from "../aws/keyless-access.ts";

export const SESSION_PLUGIN = "session-manager-plugin";
const RESPONSE_ENV = "AWS_SSM_START_SESSION_RESPONSE";

export interface PluginStream {
  readonly sock: Duplex;
  /** Stops the plugin (the session itself is ended with TerminateSession by the caller). */
  close(): void;
}

/** The plugin's arguments and environment for a session (pure, so the contract is tested on its own). */
export function pluginInvocation(
  s: SsmSession,
  profile: string | undefined,
): { readonly args: readonly string[]; readonly env: Readonly<Record<string, string>> } {
  return {
    args: [RESPONSE_ENV, s.region, "StartSession", profile ?? "", s.request, s.endpoint],
    env: { [RESPONSE_ENV]: s.response },
  };
}

export function openPluginStream(plugin: string, s: SsmSession): PluginStream {
  const { args, env } = pluginInvocation(s, process.env.AWS_PROFILE);
  const child = spawn(plugin, args, { env: { ...process.env, ...env }, stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (b: Buffer) => {
    stderr = (stderr + b.toString()).slice(-2000);
  });
  const sock = Duplex.from({ readable: child.stdout, writable: child.stdin });
  child.once("error", (e: NodeJS.ErrnoException) => {
    sock.destroy(
      e.code === "ENOENT"
        ? new LabError(
            `${plugin} is not installed: the bastion is reached over SSM Session Manager (docs/bastion.md "Access")`,
            3,
          )
        : e,
    );
  });
  child.once("exit", (code) => {
    if (code !== 0 && code !== null) sock.destroy(new LabError(`${plugin} exited ${code}: ${stderr.trim()}`, 3));
  });
  return {
    sock,
    close() {
      // Destroying a Duplex.from pair reports an AbortError; SSH has let go of the stream by now, nobody listens.
      sock.on("error", () => undefined);
      sock.destroy();
      if (child.exitCode === null) child.kill("SIGTERM");
    },
  };
}
