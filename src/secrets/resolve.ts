// Finds the lab's secrets for a render: loads the encrypted bundle, or generates it exactly once. A missing bundle
// while rendered Talos configs already exist is an error (a new PKI would split the cluster), never a regeneration.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { LabError } from "../errors.ts";
import { talosSecrets } from "./derive.ts";
import { type Clock, generateSecrets, type SecretsRandom, systemClock, systemRandom } from "./generate.ts";
import { bundleProblems } from "./inspect.ts";
import { loadBundle, loadTailscaleKey, type SecretsPaths, secretsPaths, storeBundle } from "./store.ts";
import type { LabSecrets } from "./types.ts";

export interface SecretsContext {
  /** Directory of the spec file; the encrypted bundle is stored beside it. */
  readonly specDir: string;
  readonly plan: { readonly lab: string };
  /** Output root of the render; when it holds rendered Talos configs, a missing bundle is an error. */
  readonly outDir?: string;
  readonly clock?: Clock;
  readonly random?: SecretsRandom;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Told what was used and what was created (where, and what to back up), for the user. */
  readonly tell?: (message: string) => void;
}

export class SecretsMissingError extends LabError {
  constructor(p: SecretsPaths, outDir: string, found: readonly string[]) {
    super(
      `the Talos secrets bundle ${p.bundle} is missing, but ${outDir} already holds Talos configs rendered from one ` +
        `(${found.slice(0, 3).join(", ")}${found.length > 3 ? ", ..." : ""}). Generating a new bundle would give the ` +
        "cluster a new PKI and lock its nodes out. Restore the bundle from your backup to that path (with the age " +
        `identity at ${p.identity}), or import the one the cluster uses with \`moonlab secrets import FILE\` ` +
        "(a `talosctl gen secrets` file). Only for a brand-new cluster: delete the old configs and render again.",
      2,
    );
  }
}

/** Rendered Talos machine configs / talosconfig under an output root. */
export function renderedTalosConfigs(outDir: string): string[] {
  const dir = join(outDir, "talos");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f === "talosconfig" || f.endsWith(".yaml"))
    .sort()
    .map((f) => join("talos", f));
}

export async function resolveSecrets(ctx: SecretsContext): Promise<LabSecrets> {
  const env = ctx.env ?? process.env;
  const clock = ctx.clock ?? systemClock;
  const p = secretsPaths(ctx.specDir, ctx.plan.lab, env);
  let bundle: Awaited<ReturnType<typeof loadBundle>>;
  if (existsSync(p.bundle)) {
    bundle = await loadBundle(p);
    const problems = bundleProblems(bundle, clock.now());
    if (problems.length > 0)
      throw new LabError(`the Talos secrets bundle ${p.bundle} is not usable:\n  ${problems.join("\n  ")}`, 2);
  } else {
    const found = ctx.outDir ? renderedTalosConfigs(ctx.outDir) : [];
    if (ctx.outDir && found.length > 0) throw new SecretsMissingError(p, ctx.outDir, found);
    bundle = await generateSecrets({ clock, random: ctx.random ?? systemRandom });
    const identityExisted = existsSync(p.identity);
    // A concurrent moonlab may have stored one meanwhile: then that one is the lab's bundle.
    if (!(await storeBundle(p, bundle, clock.now()))) bundle = await loadBundle(p);
    else
      ctx.tell?.(
        `secrets: created a new Talos PKI for lab ${ctx.plan.lab} (the cluster's CAs and tokens) at ${p.bundle}, ` +
          `encrypted to the age identity ${p.identity} (${p.identitySource})` +
          `${identityExisted ? "" : ", which was also created now"}. Back up both, the identity outside the ` +
          "repository: without them the lab's nodes cannot be managed or re-rendered for the same cluster " +
          "(`moonlab secrets export FILE` writes a plain copy for a password manager).",
      );
  }
  ctx.tell?.(`secrets: ${p.bundle}, age identity ${p.identity} (${p.identitySource})`);
  const tailscaleAuthKey = env.MOONLAB_TAILSCALE_AUTHKEY || (await loadTailscaleKey(p));
  return { talos: await talosSecrets(bundle), ...(tailscaleAuthKey ? { tailscaleAuthKey } : {}) };
}
