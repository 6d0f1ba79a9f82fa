import { describe, expect, it } from "vitest";
import { bastionTarget, labs } from "../../../test/fakes/bastion-tree.ts";
import check from "./bastion-user-data-embedded.ts";

describe("t03/bastion-user-data-embedded", () => {
  it("passes when the AWS family embeds the rendered cloud-init", () => {
    const o = check.plan?.(bastionTarget(labs.moon(), {}, undefined, { aws: true }));
    expect(o?.status, o?.evidence.join("\n")).toBe("pass");
  });
  it("fails when the tree's cloud-init and the launch template differ", () => {
    const o = check.plan?.(
      bastionTarget(labs.moon(), { "bastion/cloud-init.yaml": (t) => `${t}# edited\n` }, undefined, { aws: true }),
    );
    expect(o?.status).toBe("fail");
    expect(o?.evidence[0]).toMatch(/user-data differs from bastion\/cloud-init.yaml/);
  });
  it("is not applicable at home or without the AWS template", () => {
    expect(check.plan?.(bastionTarget(labs.home(), {}, undefined, { aws: true }))?.status).toBe("not-applicable");
    expect(check.plan?.(bastionTarget(labs.moon()))?.status).toBe("not-applicable");
  });
});
