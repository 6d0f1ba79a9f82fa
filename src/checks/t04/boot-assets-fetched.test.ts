import { describe, expect, it } from "vitest";
import { bastionTarget, labs } from "../../../test/fakes/bastion-tree.ts";
import check from "./boot-assets-fetched.ts";

describe("t04/boot-assets-fetched", () => {
  it("passes on every example", () => {
    for (const make of Object.values(labs)) expect(check.plan?.(bastionTarget(make()))?.status).toBe("pass");
  });
  it("fails when an initramfs is not fetched and verification is dropped", () => {
    const o = check.plan?.(
      bastionTarget(labs.home(), {
        "bastion/scripts/fetch-boot-assets.sh": (t) =>
          t.replace(/^.*initramfs-arm64\.xz .*\n/gm, "").replace("sha256sum -c", "true"),
      }),
    );
    expect(o?.status).toBe("fail");
    expect(o?.evidence.filter((e) => /initramfs-arm64\.xz is not fetched/.test(e))).toHaveLength(3);
    expect(o?.evidence).toContain("the fetch script does not verify checksums");
  });
});
