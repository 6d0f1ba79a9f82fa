import { profileOf } from "../../render/bastion/matchbox.ts";
import { findService, serviceLog } from "../../render/bastion/read.ts";
import { bastionServices } from "../../render/bastion/services.ts";
import { defineCheck, verdict } from "../check.ts";
import { withPort } from "../need-port.ts";

export default defineCheck(import.meta.url, {
  test: "T04",
  title: "matchbox logged the kernel and initramfs GETs of every node's group",
  given: "a lab whose nodes have netbooted",
  when: "the live bastion's matchbox log is read",
  then: "the log has a GET of each booted group's kernel and initramfs under /assets",
  why: "Proof that nodes booted from the bastion's copies (not the internet, not a stale disk).",
  live: (t) =>
    withPort(t, "bastion", async (bastion) => {
      const { plan } = t;
      const svc = findService(bastionServices(plan), "matchbox");
      if (!svc) return verdict(["no matchbox service in the bundle"], []);
      const log = await serviceLog(bastion, svc);
      const problems: string[] = [];
      const ok: string[] = [];
      const paths = new Set(
        plan.nodes.flatMap((n) => {
          const p = profileOf(plan, n);
          return [p.boot.kernel, ...p.boot.initrd];
        }),
      );
      for (const path of paths) {
        if (log.includes(path)) ok.push(`GET ${path} logged`);
        else problems.push(`matchbox never served ${path}`);
      }
      return verdict(problems, ok);
    }),
});
