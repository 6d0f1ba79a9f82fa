// The IPv4 half of t01/node-egress-paths: with bastion.nat the NAT instance must be whole (ENI, public IPv4, the
// bastion's forwarding + masquerade, every node's route); without it the check says IPv4-only hosts are unreachable
// and fails when the GitOps tree needs one. (aws-modes.test.ts covers the time, cache and IPv6 paths.)
import { describe, expect, it } from "vitest";
import { goodLiveLab } from "../../../test/fakes/aws-live-lab.ts";
import { fixtureSecrets } from "../../../test/fakes/secrets.ts";
import { patched, planOf } from "../../../test/support/lab.ts";
import { type Artifact, textOf } from "../../artifacts/artifact.ts";
import { ArtifactTree } from "../../artifacts/tree.ts";
import type { Plan } from "../../plan/types.ts";
import type { LiveLab } from "../../ports/aws.ts";
import { renderAll } from "../../render/families.ts";
import check, { ipv4OnlyHostsNeeded } from "./node-egress-paths.ts";

const moon = planOf(patched("moon", {}));
const noNat = planOf(patched("moon", { bastion: { publicIpv4: false, nat: false } }));

async function run(plan: Plan, edit: (a: Artifact[]) => Artifact[] = (a) => a) {
  const artifacts = new ArtifactTree(edit(renderAll(plan, await fixtureSecrets(), {})));
  return check.plan?.({ plan, artifacts });
}
const replace = (path: string, f: (text: string) => string) => (all: Artifact[]) =>
  all.map((a) => (a.path === path ? { ...a, content: f(textOf(a)) } : a));

describe("t01/node-egress-paths: the IPv4 path", () => {
  it("passes with the NAT instance whole: ENI, public IPv4, forwarding + masquerade, every node's route", async () => {
    const o = await run(moon);
    expect(o?.status, o?.evidence.join("\n")).toBe("pass");
    expect(o?.evidence).toEqual(
      expect.arrayContaining([
        "IPv4 NAT: the bastion ENI 10.10.0.100 has its source/dest check off (it forwards)",
        "IPv4 NAT: the bastion gets a public IPv4 to masquerade behind",
        "IPv4 NAT: the bastion forwards 10.10.0.0/24 (ip_forward = 1) and masquerades it; nothing new comes in",
        "IPv4 NAT: every node config routes 0.0.0.0/0 via the bastion 10.10.0.100",
      ]),
    );
  });

  it("fails when the bastion's security group drops the nodes' forwarded traffic (the template before NATSG)", async () => {
    const o = await run(
      moon,
      replace("aws/template.json", (t) => {
        const j = JSON.parse(t);
        for (const id of Object.keys(j.Resources))
          if (id.startsWith("BastionSecurityGroupForward")) delete j.Resources[id];
        return JSON.stringify(j);
      }),
    );
    expect(o?.status).toBe("fail");
    const text = o?.evidence.join("\n") ?? "";
    expect(text).toMatch(
      /IPv4 github\.com tcp\/443: the bastion ENI's security group \(BastionSecurityGroup\) admits no tcp\/443/,
    );
    expect(text).toMatch(/IPv4 ghcr\.io tcp\/443: the bastion ENI's security group/);
  });

  it("judges each hop: node egress, the bastion ENI's groups, bastion egress, the route to the internet gateway", async () => {
    const o = await run(moon);
    expect(o?.evidence).toEqual(
      expect.arrayContaining([
        "IPv4 github.com tcp/443: node egress -> bastion ENI admits it from the nodes -> bastion egress -> 0.0.0.0/0 -> internet gateway",
      ]),
    );
    const ssh = planOf(patched("moon", { gitops: { repo: "git@github.com:me/fleet.git" } }));
    const s = await run(ssh);
    expect(s?.status, s?.evidence.join("\n")).toBe("pass");
    expect(s?.evidence.join("\n")).toMatch(/IPv4 github\.com tcp\/22: node egress -> bastion ENI admits it/);
    const no22 = await run(
      ssh,
      replace("aws/template.json", (t) => {
        const j = JSON.parse(t);
        delete j.Resources.BastionSecurityGroupForwardFromNodes22;
        return JSON.stringify(j);
      }),
    );
    expect(no22?.status).toBe("fail");
    expect(no22?.evidence.join("\n")).toMatch(/IPv4 github\.com tcp\/22: the bastion ENI's security group/);
  });

  it("fails when the ENI keeps its source/dest check or the bastion has no public IPv4", async () => {
    const o = await run(
      moon,
      replace("aws/template.json", (t) => {
        const j = JSON.parse(t);
        delete j.Resources.BastionEni.Properties.SourceDestCheck;
        j.Resources.BastionLaunchTemplate.Properties.LaunchTemplateData.NetworkInterfaces[0].AssociatePublicIpAddress = false;
        return JSON.stringify(j);
      }),
    );
    expect(o?.status).toBe("fail");
    expect(o?.evidence.join("\n")).toMatch(/keeps its source\/dest check/);
    expect(o?.evidence.join("\n")).toMatch(/no public IPv4 to masquerade behind/);
  });

  it("fails when the firewall does not masquerade, forwarding is off, or a node has no route via the bastion", async () => {
    const o = await run(moon, (all) =>
      replace("bastion/firewall.nft", (t) => t.replace(/ masquerade/, " accept"))(
        replace("bastion/sysctl/90-moonlab-nat.conf", (t) => t.replace("ip_forward = 1", "ip_forward = 0"))(
          replace("talos/moon-compute-2.yaml", (t) => t.replace(/metric: 512/, "metric: 2048"))(all),
        ),
      ),
    );
    expect(o?.status).toBe("fail");
    expect(o?.evidence).toEqual([
      "IPv4 NAT: bastion/firewall.nft does not masquerade 10.10.0.0/24 on postrouting",
      "IPv4 NAT: bastion/sysctl/90-moonlab-nat.conf does not set net.ipv4.ip_forward = 1",
      "IPv4 NAT: node configs without a 0.0.0.0/0 route via 10.10.0.100 below metric 1024: moon-compute-2",
    ]);
  });

  it("accepts the v1.11 form (machine.network.interfaces[].routes)", async () => {
    const old = planOf(
      patched("moon", { talos: { version: "v1.11.5" }, cozystack: { version: "v0.41.11", variant: "paas-full" } }),
    );
    expect((await run(old))?.status).toBe("pass");
  });

  it("nat off: fails while the GitOps tree needs github.com / ghcr.io, saying they are unreachable", async () => {
    const o = await run(noNat);
    expect(o?.status).toBe("fail");
    expect(o?.evidence.join("\n")).toMatch(
      /bastion\.nat is off, so nodes reach no IPv4-only destination, but the GitOps tree needs github\.com, ghcr\.io/,
    );
  });

  it("nat off: passes, stating the gap, when nothing rendered names an IPv4-only host", async () => {
    const inLab = planOf(
      patched("moon", {
        bastion: { publicIpv4: false, nat: false },
        gitops: { repo: "http://10.10.0.100:3000/fleet.git" },
      }),
    );
    const o = await run(inLab, (all) => all.filter((a) => !a.path.startsWith("gitops/")));
    expect(o?.status, o?.evidence.join("\n")).toBe("pass");
    expect(o?.evidence.join("\n")).toMatch(/bastion\.nat is off: IPv4-only destinations are unreachable/);
  });

  it("finds IPv4-only hosts in https, oci and scp-style URLs", async () => {
    const tree = new ArtifactTree([{ path: "gitops/a.yaml", content: "url: oci://ghcr.io/x/y\n" }]);
    expect(ipv4OnlyHostsNeeded(noNat, tree)).toEqual(["github.com", "ghcr.io"]);
    const scp = planOf(patched("moon", { gitops: { repo: "git@github.com:me/fleet.git" } }));
    expect(ipv4OnlyHostsNeeded(scp, new ArtifactTree([]))).toEqual(["github.com"]);
  });

  it("live: the security groups and routes along the path from the API (the old bastion group fails)", async () => {
    const live = async (lab: LiveLab) => {
      const aws = { describeLab: async () => lab, monthToDateCost: async () => ({ totalUsd: 0, byService: {} }) };
      return check.live?.({ plan: moon, ports: { aws } });
    };
    const good = goodLiveLab();
    expect((await live(good))?.evidence).toContain(
      "IPv4 github.com tcp/443: node egress -> bastion ENI admits it from the nodes -> bastion egress -> 0.0.0.0/0 -> internet gateway",
    );
    const old: LiveLab = {
      ...good,
      securityGroups: good.securityGroups.map((g) =>
        g.id === "sg-bastion" ? { ...g, ingress: g.ingress.filter((r) => r.source !== "sg:sg-node") } : g,
      ),
    };
    const o = await live(old);
    expect(o?.status).toBe("fail");
    expect(o?.evidence.join("\n")).toMatch(
      /IPv4 github\.com tcp\/443: the bastion ENI's security group \(sg-bastion\)/,
    );
    const noRoute: LiveLab = {
      ...good,
      routeTables: good.routeTables.map((rt) => ({
        ...rt,
        routes: rt.routes.filter((r) => r.destination !== "0.0.0.0/0"),
      })),
    };
    expect((await live(noRoute))?.evidence.join("\n")).toMatch(/no 0\.0\.0\.0\/0 route to the internet gateway/);
  });

  it("live on moto: the ENI's groups and the route association are gaps, the bastion group's rules still count", async () => {
    const good = goodLiveLab();
    const moto = (l: LiveLab): LiveLab => ({
      ...l,
      emulator: { name: "moto 5.2", differences: ["eni-groups-ignored", "no-route-table-association"] },
      networkInterfaces: l.networkInterfaces.map((n) => ({ ...n, securityGroups: ["sg-default"] })),
      routeTables: l.routeTables.map((rt) => ({ ...rt, subnetIds: [] })),
    });
    const live = async (lab: LiveLab) => {
      const aws = { describeLab: async () => lab, monthToDateCost: async () => ({ totalUsd: 0, byService: {} }) };
      return check.live?.({ plan: moon, ports: { aws } });
    };
    const o = await live(moto(good));
    expect(o?.status, o?.evidence.join("\n")).toBe("pass");
    expect(o?.evidence.join("\n")).toMatch(/ENI groups not modelled by the emulator/);
    const old = moto({
      ...good,
      securityGroups: good.securityGroups.map((g) =>
        g.id === "sg-bastion" ? { ...g, ingress: g.ingress.filter((r) => r.source !== "sg:sg-node") } : g,
      ),
    });
    expect((await live(old))?.status).toBe("fail");
  });

  it("live: the ENI's source/dest check and the public IPv4 from the API; moto's gap is stated", async () => {
    const live = async (edit: (l: LiveLab) => LiveLab) => {
      const lab = edit(goodLiveLab());
      const aws = { describeLab: async () => lab, monthToDateCost: async () => ({ totalUsd: 0, byService: {} }) };
      return check.live?.({ plan: moon, ports: { aws } });
    };
    expect((await live((l) => l))?.status).toBe("pass");
    const kept = (l: LiveLab): LiveLab => ({
      ...l,
      networkInterfaces: l.networkInterfaces.map((n) => ({ ...n, sourceDestCheck: true })),
    });
    const o = await live(kept);
    expect(o?.status).toBe("fail");
    expect(o?.evidence.join("\n")).toMatch(/keeps its source\/dest check/);
    const moto = await live((l) => ({
      ...kept(l),
      emulator: { name: "moto 5.2", differences: ["no-eni-source-dest-check"] },
    }));
    expect(moto?.status).toBe("pass");
    expect(moto?.evidence.join("\n")).toMatch(/not modelled by the emulator/);
  });
});
