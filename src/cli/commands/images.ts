// moonlab images [push]: which images of the lab lack its architecture (before the first dollar), and the copy of
// the spec's substitutes into the lab registry.
import type { Command } from "commander";
import { bastionPort } from "../../adapters/live-ports.ts";
import {
  bastionRunner,
  formatImagesReport,
  imagesReport,
  nothingReachable,
  parseEndpoints,
  pushSubstitutes,
  type Via,
} from "../../app/images.ts";
import { UsageError } from "../../errors.ts";
import { loadLab } from "../../plan/load-lab.ts";
import { printWarnings } from "../output.ts";

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

export function register(program: Command): void {
  const images = program
    .command("images")
    .description(
      "every image the lab runs, by component, with the platforms its registry lists; exit 1 while a gap is neither acknowledged nor substituted",
    )
    .option("--spec <file>", "lab spec (default: the built-in lab moon)")
    .option("--via <how>", "direct (each image's own registry) or bastion (the lab's caches and registry)", "direct")
    .option("--endpoint <host=url>", "read registry <host> at <url> instead (repeatable)", collect)
    .option("--only <prefix>", "only components starting with this prefix (bastion/, cozystack/system/kilo, ...)")
    .option("--json", "print the report as JSON")
    .action(async (o: { spec?: string; via: string; endpoint?: string[]; only?: string; json?: boolean }) => {
      if (o.via !== "direct" && o.via !== "bastion") throw new UsageError(`--via ${o.via}: expected direct or bastion`);
      const lab = loadLab(o.spec);
      printWarnings(lab.warnings);
      const r = await imagesReport(lab.plan, {
        via: o.via as Via,
        endpoints: parseEndpoints(o.endpoint),
        ...(o.only !== undefined ? { only: o.only } : {}),
      });
      process.stdout.write(o.json ? `${JSON.stringify(r, null, 2)}\n` : formatImagesReport(r));
      // 3: no registry answered (exit-code convention: an endpoint is unreachable); 1: open gaps.
      if (nothingReachable(r)) process.exitCode = 3;
      else if (r.open.length > 0) process.exitCode = 1;
    });

  images
    .command("push")
    .description(
      "copy every images.substitutions replacement into the lab registry with skopeo, here or on the bastion",
    )
    .option("--spec <file>", "lab spec (default: the built-in lab moon)")
    .option("--to <host:port>", "the lab registry's address from where skopeo runs (default: the bastion's, port 5000)")
    .option("--bastion-ssh <user@host[:port]>", "run skopeo on the bastion over SSH")
    .option("--ssh-key <file>", "private key for --bastion-ssh (default: the SSH agent)")
    .option("--bastion-local", "moonlab runs on the bastion itself")
    .option("--src-insecure", "read replacements over plain HTTP / without TLS verification")
    .action(
      async (o: {
        spec?: string;
        to?: string;
        bastionSsh?: string;
        sshKey?: string;
        bastionLocal?: boolean;
        srcInsecure?: boolean;
      }) => {
        // `images` has --spec too, and commander hands an option both levels define to the parent.
        const lab = loadLab(o.spec ?? (images.opts() as { spec?: string }).spec);
        printWarnings(lab.warnings);
        if (lab.plan.images.substitutions.length === 0)
          throw new UsageError("the spec has no images.substitutions to push (see docs/images.md)");
        // Through the bastion only when named: without a flag the push runs from this machine.
        const named = o.bastionSsh !== undefined || o.bastionLocal === true;
        const bastion = named
          ? bastionPort(lab.plan, {
              ...(o.bastionSsh !== undefined ? { bastionSsh: o.bastionSsh } : {}),
              ...(o.sshKey !== undefined ? { sshKey: o.sshKey } : {}),
              ...(o.bastionLocal ? { bastionLocal: true } : {}),
            })
          : undefined;
        const pushed = await pushSubstitutes(lab.plan, {
          ...(o.to !== undefined ? { to: o.to } : {}),
          ...(o.srcInsecure ? { srcTlsVerify: false } : {}),
          ...(bastion ? { run: bastionRunner(bastion) } : {}),
        });
        for (const p of pushed)
          process.stdout.write(`${p.replacement} -> ${p.delivered} (the nodes pull it as ${p.image})\n`);
      },
    );
}
