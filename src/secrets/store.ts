// The encrypted bundle at rest: age-encrypted files beside the spec (<specDir>/.moonlab/<lab>/, git-ignored, or
// $MOONLAB_SECRETS_DIR/<lab>/) and the age identity outside the repository ($MOONLAB_AGE_IDENTITY or
// ~/.config/moonlab/<lab>.age).
import {
  chmodSync,
  existsSync,
  linkSync,
  mkdirSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { armor, Decrypter, Encrypter, generateX25519Identity, identityToRecipient } from "age-encryption";
import { LabError } from "../errors.ts";
import { sweepStaleTemps, tempPathFor } from "../lib/temp-files.ts";
import { bundleFromYaml, bundleToYaml } from "./bundle-yaml.ts";
import type { TalosSecretsBundle } from "./types.ts";

export interface SecretsPaths {
  readonly dir: string;
  /** age-encrypted `talosctl gen secrets` YAML. */
  readonly bundle: string;
  /** The age recipient (public key) the files are encrypted to, stored beside them. */
  readonly recipient: string;
  /** age-encrypted Tailscale auth key (optional). */
  readonly tailscale: string;
  /** The age identity (private key): outside the repository. */
  readonly identity: string;
  /** Where the identity's path came from, shown to the user (an env var, or the default location). */
  readonly identitySource: string;
}

export function secretsPaths(
  specDir: string,
  lab: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): SecretsPaths {
  // MOONLAB_SECRETS_DIR moves the encrypted files out of the spec's directory (e.g. tests that render the examples
  // in the repository, or keeping them on an encrypted volume): <dir>/<lab>/.
  const dir = env.MOONLAB_SECRETS_DIR ? join(env.MOONLAB_SECRETS_DIR, lab) : join(specDir, ".moonlab", lab);
  // The identity file, as SOPS takes SOPS_AGE_KEY_FILE: MOONLAB_AGE_KEY_FILE (set by --age-key-file too), the older
  // name MOONLAB_AGE_IDENTITY, else one file per lab in the user's config directory.
  const fromEnv = env.MOONLAB_AGE_KEY_FILE
    ? "MOONLAB_AGE_KEY_FILE"
    : env.MOONLAB_AGE_IDENTITY
      ? "MOONLAB_AGE_IDENTITY"
      : undefined;
  const identity = fromEnv ? (env[fromEnv] as string) : join(env.HOME || homedir(), ".config", "moonlab", `${lab}.age`);
  return {
    dir,
    bundle: join(dir, "talos-secrets.yaml.age"),
    recipient: join(dir, "recipient.txt"),
    tailscale: join(dir, "tailscale-authkey.age"),
    identity,
    identitySource: fromEnv
      ? `from ${fromEnv}`
      : "the default location; MOONLAB_AGE_KEY_FILE or --age-key-file choose another",
  };
}

export class SecretsIdentityMissingError extends LabError {
  constructor(p: SecretsPaths) {
    const recipient = existsSync(p.recipient) ? readFileSync(p.recipient, "utf8").trim() : "(unknown)";
    super(
      `the Talos secrets at ${p.bundle} are encrypted to ${recipient}, but the age identity ${p.identity} does not exist: ` +
        "copy the identity you used before to that path, or point MOONLAB_AGE_KEY_FILE (or --age-key-file) at it",
      2,
    );
  }
}

/** Reads the identity file (age's format: comment lines, then AGE-SECRET-KEY-1...). */
function readIdentity(p: SecretsPaths): string {
  if (!existsSync(p.identity)) throw new SecretsIdentityMissingError(p);
  const line = readFileSync(p.identity, "utf8")
    .split("\n")
    .map((l) => l.trim())
    .find((l) => l.startsWith("AGE-SECRET-KEY-"));
  if (!line) throw new LabError(`${p.identity} holds no age identity (AGE-SECRET-KEY-...)`, 2);
  return line;
}

/** The identity, created (0600, in a 0700 directory) when absent. */
async function ensureIdentity(p: SecretsPaths, now: Date): Promise<string> {
  if (existsSync(p.identity)) return readIdentity(p);
  const identity = await generateX25519Identity();
  const recipient = await identityToRecipient(identity);
  const text = `# created by moonlab: ${now.toISOString()}\n# public key: ${recipient}\n${identity}\n`;
  // Another moonlab process may create it at the same moment: the first one wins and both use it.
  if (!writeSecretFile(p.identity, text, true)) return readIdentity(p);
  return identity;
}

async function encryptTo(recipient: string, text: string): Promise<string> {
  const e = new Encrypter();
  e.addRecipient(recipient);
  return armor.encode(await e.encrypt(text));
}

async function decryptWith(identity: string, armored: string): Promise<string> {
  const d = new Decrypter();
  d.addIdentity(identity);
  return d.decrypt(armor.decode(armored), "text");
}

/**
 * Writes owner-only, atomically (temp file + rename or link). Exclusive: never replaces an existing file and returns
 * false when one is already there (a concurrent moonlab created it first).
 */
function writeSecretFile(path: string, content: string, exclusive = false): boolean {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  // A run killed between write and rename (kill -9) leaves its temp file: remove those whose writer is gone.
  sweepStaleTemps(dirname(path));
  const tmp = tempPathFor(path);
  writeFileSync(tmp, content, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  if (!exclusive) {
    renameSync(tmp, path);
    return true;
  }
  try {
    linkSync(tmp, path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw e;
  } finally {
    unlinkSync(tmp);
  }
}

/**
 * Stores the bundle encrypted to the lab's identity. Without `replace` an existing bundle is never overwritten:
 * returns false when another process stored one first (the caller then loads that one).
 */
export async function storeBundle(
  p: SecretsPaths,
  bundle: TalosSecretsBundle,
  now: Date,
  opts: { readonly replace?: boolean } = {},
): Promise<boolean> {
  const identity = await ensureIdentity(p, now);
  const recipient = await identityToRecipient(identity);
  if (!writeSecretFile(p.bundle, await encryptTo(recipient, bundleToYaml(bundle)), opts.replace !== true)) return false;
  writeFileSync(p.recipient, `${recipient}\n`);
  return true;
}

export async function loadBundle(p: SecretsPaths): Promise<TalosSecretsBundle> {
  // Temp files of a killed earlier run (one may hold a second, unused age identity) go on every use.
  sweepStaleTemps(p.dir);
  sweepStaleTemps(dirname(p.identity));
  const identity = readIdentity(p);
  let text: string;
  try {
    text = await decryptWith(identity, readFileSync(p.bundle, "utf8"));
  } catch (e) {
    throw new LabError(`cannot decrypt ${p.bundle} with ${p.identity}: ${(e as Error).message}`, 2);
  }
  return bundleFromYaml(text);
}

export async function storeTailscaleKey(p: SecretsPaths, key: string, now: Date): Promise<void> {
  const identity = await ensureIdentity(p, now);
  writeSecretFile(p.tailscale, await encryptTo(await identityToRecipient(identity), key.trim()));
}

export async function loadTailscaleKey(p: SecretsPaths): Promise<string | undefined> {
  if (!existsSync(p.tailscale)) return undefined;
  return (await decryptWith(readIdentity(p), readFileSync(p.tailscale, "utf8"))).trim();
}
