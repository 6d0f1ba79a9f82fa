import { describe, expect, it } from "vitest";
import { bastionTarget, jsonEdit, labs } from "../../../test/fakes/bastion-tree.ts";
import check from "./bastion-services-complete.ts";

describe("t03/bastion-services-complete", () => {
  it("passes on every example target", () => {
    for (const make of Object.values(labs)) expect(check.plan?.(bastionTarget(make()))?.status).toBe("pass");
  });
  it("fails when a cache is missing from the service list", () => {
    const o = check.plan?.(
      bastionTarget(labs.moon(), {
        "bastion/services.json": jsonEdit((d) => {
          d.services = d.services.filter((s: { name: string }) => s.name !== "cache-quay-io");
        }),
      }),
    );
    expect(o?.status).toBe("fail");
    expect(o?.evidence).toContain("service cache-quay-io is missing");
  });
  it("fails on an unpinned image, a unit that does not restart, and dnsmasq on AWS", () => {
    const o = check.plan?.(
      bastionTarget(labs.moon(), {
        "bastion/services.json": jsonEdit((d) => {
          d.services[0].image = "quay.io/poseidon/matchbox:latest";
          d.services.push({ ...d.services[0], name: "dnsmasq", listens: [] });
        }),
        "bastion/systemd/moonlab-pihole.service": (t) => t.replace("Restart=always", "Restart=no"),
      }),
    );
    expect(o?.status).toBe("fail");
    expect(o?.evidence.join("\n")).toMatch(/uses latest/);
    expect(o?.evidence.join("\n")).toMatch(/moonlab-pihole.service does not restart/);
    expect(o?.evidence.join("\n")).toMatch(/dnsmasq is rendered but DHCP is off/);
  });
  it("fails when compose lacks a container at home", () => {
    const o = check.plan?.(
      bastionTarget(labs.home(), { "bastion/compose.yaml": (t) => t.replace(/\n {2}pihole:[\s\S]*$/, "\n") }),
    );
    expect(o?.status).toBe("fail");
    expect(o?.evidence).toContain("compose.yaml has no service pihole");
  });
});
