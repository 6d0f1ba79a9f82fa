import { at } from "../../lib/at.ts";
import { LABEL_GROUP, LABEL_ROLE, usesMultiDoc } from "../../render/talos/machine-config.ts";
import { docsOfKind } from "../../render/talos/read.ts";
import { defineCheck } from "../check.ts";
import { judgeEachNodeConfig } from "../node-configs.ts";

export default defineCheck(import.meta.url, {
  test: "T05",
  title: "Each node config names its node: role, hostname, address SANs, labels, time servers, cluster endpoint",
  given: "each node's rendered machine config",
  when: "its identity fields are read back",
  then: "machine.type is the node's role, the hostname and address are the plan's (and in certSANs), the group/role labels are set, time comes from the plan's servers (Amazon Time Sync on AWS), and the cluster name and endpoint are the plan's",
  why: "A config served to the wrong node, or a node without time sync (no public IPv4 on AWS), never joins the cluster.",
  plan: ({ plan, artifacts }) => {
    return judgeEachNodeConfig(plan, artifacts, (c, p) => {
      const m = c.main;
      if (at(m, "machine.type") !== c.node.role)
        p(`machine.type ${String(at(m, "machine.type"))}, plan says ${c.node.role}`);
      const sans = (at(m, "machine.certSANs") as string[] | undefined) ?? [];
      if (!sans.includes(c.node.address)) p(`certSANs lack ${c.node.address}`);
      const labels = (at(m, "machine.nodeLabels") as Record<string, string> | undefined) ?? {};
      if (labels[LABEL_GROUP] !== c.node.group) p(`label ${LABEL_GROUP} is not ${c.node.group}`);
      if (labels[LABEL_ROLE] !== c.node.role) p(`label ${LABEL_ROLE} is not ${c.node.role}`);
      if (at(m, "cluster.clusterName") !== plan.talos.clusterName) p(`clusterName is not ${plan.talos.clusterName}`);
      if (at(m, "cluster.controlPlane.endpoint") !== plan.talos.endpoint) p(`endpoint is not ${plan.talos.endpoint}`);
      let hostname: unknown;
      let servers: unknown;
      if (usesMultiDoc(plan)) {
        hostname = docsOfKind(c, "HostnameConfig")[0]?.hostname;
        servers = at(docsOfKind(c, "TimeSyncConfig")[0], "ntp.servers");
        if (at(m, "machine.time") !== undefined) p(`deprecated machine.time used on Talos ${plan.talos.minor}`);
      } else {
        hostname = at(m, "machine.network.hostname");
        servers = at(m, "machine.time.servers");
      }
      if (hostname !== c.node.hostname) p(`hostname ${String(hostname)}, plan says ${c.node.hostname}`);
      if (JSON.stringify(servers) !== JSON.stringify(plan.talos.timeServers))
        p(`time servers ${JSON.stringify(servers)}, plan says ${JSON.stringify(plan.talos.timeServers)}`);
      return `${c.node.name}: ${c.node.role}/${c.node.group} ${c.node.address}, time ${plan.talos.timeServers.join(",")}`;
    });
  },
});
