import { AMAZON_TIME_SYNC } from "../../plan/build-plan.ts";
import { ROLE_TAG } from "../../render/aws/names.ts";
import { awsModes, covers, emulatorLacks, seenIn } from "../aws-modes.ts";
import { defineCheck, verdict } from "../check.ts";

export default defineCheck(import.meta.url, {
  test: "T01",
  title: "Every path the nodes need to the outside exists without a public IPv4",
  given: "a spec with target aws (nodes have no public IPv4 and there is no NAT)",
  when: "the AWS stack is rendered or deployed",
  then:
    "time comes from Amazon Time Sync (169.254.169.123); images come through the bastion's caches, open to the lab " +
    "subnet; with network.ipv6 the nodes get an IPv6 address, may send IPv6 anywhere and the subnet routes ::/0 to " +
    "the internet gateway",
  why:
    "Without a public IPv4 or a NAT, a node that lacks one of these paths cannot set its clock, pull an image or reach " +
    "the Talos image factory, and the cluster never comes up.",
  ...awsModes((plan, lab) => {
    const problems: string[] = [];
    const ok: string[] = [`(${seenIn(lab)})`];
    if (plan.talos.timeServers.includes(AMAZON_TIME_SYNC)) ok.push(`time: Amazon Time Sync ${AMAZON_TIME_SYNC}`);
    else problems.push(`time servers ${plan.talos.timeServers.join(", ")} do not include Amazon Time Sync`);

    const bastion = lab.securityGroups.filter((g) => g.tags[ROLE_TAG] === "bastion");
    const closed = plan.caches.filter(
      (c) => !bastion.some((g) => g.ingress.some((r) => covers(r, "tcp", c.port) && r.source === plan.network.subnet)),
    );
    if (plan.caches.length === 0) problems.push("no registry caches: nodes cannot pull images");
    else if (closed.length > 0)
      problems.push(
        `caches not reachable from the lab subnet: ${closed.map((c) => `${c.upstream}:${c.port}`).join(", ")}`,
      );
    else ok.push(`images: ${plan.caches.length} caches on the bastion, open to ${plan.network.subnet}`);

    const nodeGroups = lab.securityGroups.filter((g) => g.tags[ROLE_TAG] === "node");
    const toBastion = nodeGroups.some((g) =>
      g.egress.some((r) => r.protocol === "-1" && (r.source === "0.0.0.0/0" || r.source === plan.network.subnet)),
    );
    if (!toBastion) problems.push("node security group has no IPv4 egress to the bastion");

    if (plan.network.ipv6) {
      if (emulatorLacks(lab, "no-ipv6"))
        ok.push("IPv6 egress not modelled by the emulator (moto): proven in plan mode");
      else {
        const v6out = nodeGroups.some((g) => g.egress.some((r) => r.protocol === "-1" && r.source === "::/0"));
        const nodeTemplates = lab.launchTemplates.filter((t) => t.tags[ROLE_TAG] === "node");
        const noV6 = nodeTemplates.filter((t) => (t.ipv6AddressCount ?? 0) < 1).map((t) => t.name);
        const route = lab.routeTables.some((rt) =>
          rt.routes.some((r) => r.destination === "::/0" && lab.internetGateways.some((g) => g.id === r.target)),
        );
        if (!v6out) problems.push("node security group does not allow IPv6 egress (::/0)");
        if (noV6.length > 0) problems.push(`node launch templates without an IPv6 address: ${noV6.join(", ")}`);
        if (!route) problems.push("no ::/0 route to the internet gateway");
        if (v6out && noV6.length === 0 && route) ok.push("IPv6: an address per node, egress ::/0, route ::/0 -> IGW");
      }
    }
    return verdict(problems, ok);
  }),
});
