import { describe, expect, it } from "vitest";
import { textOf } from "../artifacts/artifact.ts";
import { loadLab } from "../plan/load-lab.ts";
import { renderAws, TEMPLATE_PATH } from "../render/aws/index.ts";
import { widening } from "./diff.ts";

const render = (plan: ReturnType<typeof loadLab>["plan"]) =>
  JSON.parse(textOf(renderAws(plan, {}, {}).find((a) => a.path === TEMPLATE_PATH) as never));

describe("exposure widening", () => {
  // without the NAT instance, so that a public IPv4 on the bastion is a widening
  const lab = loadLab(undefined).plan;
  const plan = { ...lab, bastion: { ...lab.bastion, publicIpv4: false, nat: false } };
  const base = render(plan);
  it("none when nothing changes", () => {
    expect(widening(base, base, plan)).toEqual([]);
  });
  it("a new SSH source and a public IPv4 on the bastion are flagged; narrowing is not", () => {
    const wider = { ...plan, bastion: { ...plan.bastion, publicIpv4: true, sshSources: ["2001:db8::1/128"] } };
    expect(widening(base, render(wider), plan)).toEqual([
      "ingress BastionSecurityGroup tcp 22-22 from 2001:db8::1/128",
      "public IPv4 on moonlab-moon-bastion",
    ]);
    expect(widening(render(wider), base, plan)).toEqual([]);
  });
  it("a first deploy lists every ingress rule as new", () => {
    expect(widening(undefined, base, plan).length).toBeGreaterThan(10);
  });
});
