import { TREE } from "../../render/bastion/layout.ts";
import { readServices } from "../../render/bastion/read.ts";
import { LAB_REGISTRY } from "../../render/bastion/services.ts";
import { defineCheck, verdict } from "../check.ts";

export default defineCheck(import.meta.url, {
  test: "T03",
  title: "The bastion runs every netboot and cache service, pinned, restarting and surviving reboots",
  given: "a plan and the rendered bastion bundle",
  when: "the bundle is rendered",
  then:
    "services.json lists matchbox on the plan's port, one cache per plan cache on its port, the lab registry, " +
    "Pi-hole on :53 and dnsmasq exactly when DHCP is on; every image has a pinned tag or digest; AWS starts each as an " +
    "enabled systemd unit with Restart=always from cloud-init, home/local as compose services with restart unless-stopped",
  why:
    "Nodes cannot boot or pull images if one service is missing, and an unpinned or non-restarting service turns a " +
    "reboot or an upstream release into a broken lab.",
  plan: ({ plan, artifacts }) => {
    const problems: string[] = [];
    const ok: string[] = [];
    const doc = readServices(artifacts);
    const byName = new Map(doc.services.map((s) => [s.name, s]));
    const expectPort = (name: string, port: number) => {
      const s = byName.get(name);
      if (!s) problems.push(`service ${name} is missing`);
      else if (!s.listens.some((l) => l.port === port)) problems.push(`${name} does not listen on :${port}`);
      else ok.push(`${name} on :${port}`);
    };
    expectPort("matchbox", plan.services.matchbox.port);
    for (const c of plan.caches) expectPort(c.name, c.port);
    expectPort(LAB_REGISTRY, plan.services.registry.port);
    expectPort("pihole", plan.services.dns.port);
    const dhcpOn = plan.network.dhcp.mode !== "off";
    if (dhcpOn) expectPort("dnsmasq", plan.network.dhcp.mode === "proxy" ? 4011 : 67);
    else if (byName.has("dnsmasq")) problems.push(`dnsmasq is rendered but DHCP is off on target ${plan.target}`);
    else ok.push(`no dnsmasq: DHCP is off on target ${plan.target}`);
    for (const s of doc.services) {
      if (s.kind !== "container") continue;
      if (!/@sha256:[0-9a-f]{64}$/.test(s.image) && !/:[\w][\w.-]*$/.test(s.image.replace(/^[^/]*\//, "")))
        problems.push(`${s.name}: image ${s.image} is not pinned`);
      else if (/:latest$/.test(s.image)) problems.push(`${s.name}: image ${s.image} uses latest`);
    }
    if (plan.target === "aws") {
      const ud = artifacts.text(TREE.cloudInit);
      if (!ud.includes("install.sh") || !ud.includes("--systemd"))
        problems.push("cloud-init does not run install.sh --systemd");
      for (const s of doc.services) {
        const unit = TREE.unit(s.name);
        if (!artifacts.has(unit)) problems.push(`no unit ${unit}`);
        else {
          const t = artifacts.text(unit);
          if (!t.includes("Restart=always")) problems.push(`${unit} does not restart on failure`);
          if (!t.includes("WantedBy=multi-user.target")) problems.push(`${unit} does not start at boot`);
        }
      }
      ok.push(`cloud-init runs install.sh --systemd; ${doc.services.length} units with Restart=always`);
    } else {
      const compose = artifacts.yaml<{ services?: Record<string, { restart?: string; image?: string }> }>(TREE.compose);
      for (const s of doc.services) {
        if (s.kind === "host") {
          const unit = TREE.unit(s.name);
          if (!artifacts.has(unit) || !artifacts.text(unit).includes("Restart=always"))
            problems.push(`host service ${s.name} has no restarting unit ${unit}`);
          continue;
        }
        const c = compose.services?.[s.name];
        if (!c) problems.push(`compose.yaml has no service ${s.name}`);
        else if (c.restart !== "unless-stopped" && c.restart !== "always")
          problems.push(`compose service ${s.name} restart is ${c.restart ?? "unset"}`);
        else if (c.image !== s.image) problems.push(`compose service ${s.name} runs ${c.image}, not ${s.image}`);
      }
      ok.push(`compose.yaml runs the ${doc.services.filter((s) => s.kind === "container").length} containers`);
    }
    return verdict(problems, ok);
  },
});
