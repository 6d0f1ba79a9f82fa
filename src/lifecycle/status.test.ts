import { describe, expect, it } from "vitest";
import { spotNote } from "./status.ts";

describe("spotNote", () => {
  it("says a lone control plane loses the cluster", () => {
    expect(spotNote("controlplane", 1)).toMatch(/only control plane.*bootstrapped again/);
  });
  it("says a control plane among several costs an etcd member", () => {
    expect(spotNote("controlplane", 3)).toMatch(/etcd loses a member/);
  });
  it("says a worker's pods reschedule", () => {
    expect(spotNote("worker", 1)).toMatch(/pods reschedule/);
  });
});
