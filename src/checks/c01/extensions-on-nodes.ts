import { defineCheck, verdict } from "../check.ts";
import { withPort } from "../need-port.ts";

export default defineCheck(import.meta.url, {
  test: "C01",
  title: "Every running node has its group's system extensions installed",
  given: "a running lab reachable with talosctl",
  when: "each node's installed extensions are listed (talosctl get extensions)",
  then: "every extension of the node's group schematic is present; tailscale is absent outside the gateway",
  why: "An installer image without the schematic (or an upgrade to a plain image) silently drops drbd/zfs/spin.",
  live: (t) =>
    withPort(t, "talos", async (talos) => {
      const problems: string[] = [];
      const ok: string[] = [];
      for (const node of t.plan.nodes) {
        const have = await talos.extensions(node.address);
        const missing = t.plan.groups[node.group].extensions.filter(
          (e) => !have.some((h) => h === e || h === e.split("/").pop()),
        );
        if (missing.length > 0) problems.push(`${node.name} (${node.address}) lacks ${missing.join(", ")}`);
        if (node.group !== "gateway" && have.some((h) => h.endsWith("tailscale")))
          problems.push(`${node.name} has tailscale installed but is in group ${node.group}`);
        ok.push(`${node.name}: ${[...have].sort().join(", ")}`);
      }
      return verdict(problems, ok);
    }),
});
