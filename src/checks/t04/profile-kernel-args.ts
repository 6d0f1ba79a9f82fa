import { configUrl, REQUIRED_ARGS, serialConsole } from "../../render/bastion/matchbox.ts";
import { readGroups, readProfiles, selectorKey } from "../../render/bastion/read.ts";
import { talosDefaultKernelArgs } from "../../render/talos/kernel-args.ts";
import { schematicFor } from "../../render/talos/schematic.ts";
import { defineCheck, verdict } from "../check.ts";

/** Arguments of older Talos lines: IMA was dropped after 1.10. */
const RETIRED = ["ima_"];

export default defineCheck(import.meta.url, {
  test: "T04",
  title: "Each node's profile boots its group's Talos schematic with complete kernel args",
  given: "a plan with nodes, groups and the rendered matchbox profiles",
  when: "the bundle is rendered",
  then:
    "the node's profile loads the kernel and initramfs of its group's schematic for the pinned version and arch from " +
    "matchbox's /assets, with talos.platform=metal, the Talos version's default args (KSPP, selinux=1, and on 1.13 " +
    "module.sig_enforce=1 and proc_mem.force_override=never; no IMA args after 1.10), a serial console, initrd=<the initramfs> and " +
    "exactly one talos.config= pointing at matchbox's /generic for this node's selector",
  why:
    "A node booted with the other group's schematic lacks its extensions (Tailscale, Spin); a wrong talos.config URL " +
    "leaves it in maintenance mode or applies another node's config.",
  plan: ({ plan, artifacts }) => {
    const profiles = readProfiles(artifacts);
    const groups = readGroups(artifacts);
    const problems: string[] = [];
    const ok: string[] = [];
    for (const n of plan.nodes) {
      const g = groups.find((x) => selectorKey(x.group.selector ?? {}) === selectorKey(n.selector));
      const p = g ? profiles.get(g.group.profile) : undefined;
      if (!p) {
        problems.push(`${n.name}: no profile`);
        continue;
      }
      const s = schematicFor(plan, n.group);
      const dir = `/assets/talos/${plan.talos.version}/${s.id}/`;
      if (p.boot.kernel !== `${dir}kernel-${plan.arch}`)
        problems.push(`${n.name}: kernel ${p.boot.kernel}, want ${dir}kernel-${plan.arch}`);
      if (p.boot.initrd.length !== 1 || p.boot.initrd[0] !== `${dir}initramfs-${plan.arch}.xz`)
        problems.push(`${n.name}: initrd ${p.boot.initrd.join(" ")}, want ${dir}initramfs-${plan.arch}.xz`);
      const args = p.boot.args;
      const defaults = talosDefaultKernelArgs(plan);
      for (const a of new Set([
        ...REQUIRED_ARGS,
        ...defaults,
        `console=${serialConsole(plan)}`,
        `initrd=initramfs-${plan.arch}.xz`,
      ]))
        if (!args.includes(a)) problems.push(`${n.name}: kernel arg ${a} missing (Talos ${plan.talos.minor} default)`);
      for (const a of args.filter((x) => RETIRED.some((r) => x.startsWith(r)) && !defaults.includes(x)))
        problems.push(`${n.name}: kernel arg ${a} is not a Talos ${plan.talos.minor} default (IMA left after 1.10)`);
      const configs = args.filter((a) => a.startsWith("talos.config="));
      const want = `talos.config=${configUrl(plan, n)}`;
      if (configs.length !== 1 || configs[0] !== want)
        problems.push(`${n.name}: ${configs.join(" ") || "no talos.config"}, want ${want}`);
      if (p.generic_id !== `${n.name}.yaml`)
        problems.push(`${n.name}: generic_id ${p.generic_id}, want ${n.name}.yaml`);
      ok.push(`${n.name}: ${n.group} schematic ${s.id.slice(0, 12)}, ${want}`);
    }
    return verdict(problems, ok);
  },
});
