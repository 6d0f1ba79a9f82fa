import { describe, expect, it } from "vitest";
import { bastionTarget, labs } from "../../../test/fakes/bastion-tree.ts";
import { patched, planOf } from "../../../test/support/lab.ts";
import check from "./nodes-chain-to-matchbox.ts";

const edit = (f: (ud: string) => string) => (text: string) => {
  const t = JSON.parse(text);
  for (const r of Object.values(t.Resources) as {
    Type: string;
    Properties: { LaunchTemplateData: { UserData: string } };
  }[]) {
    if (r.Type !== "AWS::EC2::LaunchTemplate") continue;
    const ud = Buffer.from(r.Properties.LaunchTemplateData.UserData, "base64").toString("utf8");
    r.Properties.LaunchTemplateData.UserData = Buffer.from(f(ud)).toString("base64");
  }
  return JSON.stringify(t);
};

describe("t04/nodes-chain-to-matchbox", () => {
  it("passes: every node's iPXE script chains to its own matchbox group", () => {
    const o = check.plan?.(bastionTarget(labs.moon(), {}, undefined, { aws: true }));
    expect(o?.status, o?.evidence.join("\n")).toBe("pass");
    expect(o?.evidence).toHaveLength(3);
  });
  it("fails when a node's script names another node", () => {
    const o = check.plan?.(
      bastionTarget(
        labs.moon(),
        { "aws/template.json": edit((ud) => ud.replace("node=moon-compute-2", "node=moon-compute-1")) },
        undefined,
        { aws: true },
      ),
    );
    expect(o?.status).toBe("fail");
    expect(o?.evidence).toEqual([
      "moon-compute-1: 2 launch templates chain to http://10.10.0.100:8080/ipxe?node=moon-compute-1, want 1",
      "moon-compute-2: 0 launch templates chain to http://10.10.0.100:8080/ipxe?node=moon-compute-2, want 1",
    ]);
  });
  it("is not applicable at home and in ami boot mode", () => {
    expect(check.plan?.(bastionTarget(labs.home()))?.status).toBe("not-applicable");
    // Validation refuses bootMode ami; the check must still say not-applicable if such a plan reaches it.
    const moon = planOf(patched("moon", {}));
    const ami = { ...moon, talos: { ...moon.talos, bootMode: "ami" as const } };
    expect(check.plan?.(bastionTarget(ami))?.status).toBe("not-applicable");
  });
});
