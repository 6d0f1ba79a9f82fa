import { defineCheck, verdict } from "../check.ts";
import { withPort } from "../need-port.ts";

export default defineCheck(import.meta.url, {
  test: "T05",
  title: "Talos reports the cluster healthy",
  given: "a running lab reachable with talosctl",
  when: "talosctl health runs against the control plane",
  then: "it reports every node and the Kubernetes control plane healthy",
  why: "CozyStack installs only onto a healthy Talos cluster; this is the first thing to look at when it does not come up.",
  live: (t) =>
    withPort(t, "talos", async (talos) => {
      const h = await talos.health();
      return verdict(h.ok ? [] : [`talosctl health: ${h.detail}`], [`talosctl health: ${h.detail}`]);
    }),
});
