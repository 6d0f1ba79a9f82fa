import { describe, expect, it } from "vitest";
import { UsageError } from "../errors.ts";
import { formatImageRef, parseImageRef, refReference } from "./reference.ts";

describe("image references", () => {
  it("parses host:port/repository:tag and formats it back", () => {
    const r = parseImageRef("10.10.0.100:5000/moonlab/hello-spin:0.1.0");
    expect(r).toEqual({ registry: "10.10.0.100:5000", repository: "moonlab/hello-spin", tag: "0.1.0" });
    expect(formatImageRef(r)).toBe("10.10.0.100:5000/moonlab/hello-spin:0.1.0");
    expect(refReference(r)).toBe("0.1.0");
  });

  it("parses a digest reference", () => {
    const d = `sha256:${"a".repeat(64)}`;
    const r = parseImageRef(`127.0.0.1:5000/x/y@${d}`);
    expect(r).toEqual({ registry: "127.0.0.1:5000", repository: "x/y", digest: d });
    expect(refReference(r)).toBe(d);
  });

  it.each([
    ["hello-spin:0.1.0", /no registry host/],
    ["127.0.0.1:5000/Moonlab/hello:1", /invalid repository/],
    ["127.0.0.1:5000/moonlab/hello", /neither a tag nor a digest/],
    ["127.0.0.1:5000/moonlab/hello@sha256:zz", /invalid digest/],
    ["127.0.0.1:5000/moonlab/hello:bad tag", /invalid tag/],
  ])("rejects %s", (s, why) => {
    expect(() => parseImageRef(s)).toThrow(UsageError);
    expect(() => parseImageRef(s)).toThrow(why);
  });
});
