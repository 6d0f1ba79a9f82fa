import { describe, expect, it } from "vitest";
import { exampleObject, exampleText, patched } from "../../test/support/lab.ts";
import { validateObject, validateYaml } from "./validate.ts";

function codes(input: unknown): string[] {
  const v = validateObject(input);
  return v.issues.filter((i) => i.severity === "error").map((i) => `${i.code}@${i.path}`);
}

describe("validate", () => {
  it.each(["moon", "home"])("accepts the %s example with only acknowledged warnings", (name) => {
    const v = validateYaml(exampleText(name));
    expect(v.ok).toBe(true);
    expect(v.issues.every((i) => i.severity === "warning" && i.acknowledged !== undefined)).toBe(true);
  });

  it("reports every problem at once, each with code, path, received and fix", () => {
    const v = validateObject(
      patched("moon", {
        bastion: {
          address: "10.10.9.100",
          ssh: { sources: ["0.0.0.0/0", "::/0"] },
          schedule: { timeZone: "Mars/Olympus" },
        },
        network: { cidr: "10.10.0.5/16" },
      }),
    );
    expect(v.ok).toBe(false);
    const got = v.issues.map((i) => `${i.code}@${i.path}`);
    expect(got).toEqual(
      expect.arrayContaining([
        "network.cidr-not-canonical@network.cidr",
        "address.outside-subnet@bastion.address",
        "ssh.source-open@bastion.ssh.sources[0]",
        "ssh.source-open@bastion.ssh.sources[1]",
        "schedule.time-zone@bastion.schedule.timeZone",
      ]),
    );
    for (const i of v.issues.filter((x) => x.severity === "error")) {
      expect(i.path).not.toBe("");
      expect(i.message.length).toBeGreaterThan(5);
      expect(i.fix ?? i.allowed).toBeDefined();
    }
  });

  it("maps schema errors to paths like nodes[1].mac", () => {
    const spec = exampleObject("home");
    (spec.nodes as Record<string, unknown>[])[1] = { name: "x", mac: 42 };
    const v = validateObject(spec);
    expect(v.ok).toBe(false);
    expect(v.issues.map((i) => i.path)).toContain("nodes[1].mac");
  });

  it("names unknown fields", () => {
    expect(codes(patched("moon", { bastoin: {} }))).toContain("spec.unknown-field@bastoin");
  });

  it("reports YAML syntax errors with line and column", () => {
    const v = validateYaml("name: moon\nnetwork: [\n", "lab.yaml");
    expect(v.ok).toBe(false);
    expect(v.issues[0]?.code).toBe("yaml.syntax");
    expect(v.issues[0]?.path).toMatch(/^lab\.yaml:\d+:\d+$/);
  });

  it("rejects AWS-reserved addresses and duplicates", () => {
    expect(codes(patched("moon", { bastion: { address: "10.10.0.2" } }))).toContain("address.reserved@bastion.address");
    expect(codes(patched("moon", { bastion: { address: "10.10.0.255" } }))).toContain(
      "address.reserved@bastion.address",
    );
    const home = exampleObject("home");
    (home.nodes as Record<string, unknown>[])[1] = {
      ...(home.nodes as Record<string, unknown>[])[1],
      address: "10.17.13.140",
    };
    expect(codes(home)).toContain("address.duplicate@nodes[1].address");
  });

  it("rejects a MAC that is not a MAC, a repeated MAC and a static address inside the DHCP range", () => {
    const home = exampleObject("home");
    const nodes = home.nodes as Record<string, unknown>[];
    nodes[0] = { ...nodes[0], mac: "52:54:00:zz:01:41" };
    nodes[2] = { ...nodes[2], mac: (nodes[1] as { mac: string }).mac.toUpperCase() };
    home.network = {
      ...(home.network as object),
      dhcp: { mode: "full", range: { start: "10.17.13.100", end: "10.17.13.150" } },
    };
    const got = codes(home);
    expect(got).toContain("node.mac-invalid@nodes[0].mac");
    expect(got).toContain("node.duplicate-mac@nodes[2].mac");
    expect(got).toContain("dhcp.static-in-range@bastion.address");
  });

  it("requires exactly one gateway and keeps tailscale on it", () => {
    expect(codes(patched("moon", { nodes: { gateway: 0 } }))).toContain("node.gateway-count@nodes");
    expect(
      codes(patched("moon", { talos: { extensions: { compute: ["siderolabs/spin", "siderolabs/tailscale"] } } })),
    ).toContain("talos.tailscale-outside-gateway@talos.extensions.compute[1]");
    expect(codes(patched("moon", { talos: { extensions: { compute: ["siderolabs/nope"] } } }))).toContain(
      "talos.extension-unknown@talos.extensions.compute[0]",
    );
  });

  it("keeps versions inside the matrix and as a supported pair", () => {
    expect(codes(patched("moon", { talos: { version: "v9.9.9" } }))).toContain(
      "talos.version-unsupported@talos.version",
    );
    expect(codes(patched("moon", { talos: { version: "v1.11.5" } }))).toContain(
      "versions.unsupported-pair@talos.version",
    );
  });

  it("needs an acknowledgement for experimental arm64", () => {
    expect(codes(patched("moon", { acknowledgements: [] }))).toContain("cozystack.arm64-experimental@arch");
    expect(codes(patched("moon", { arch: "amd64", acknowledgements: [] }))).toContain(
      "aws.instance-arch@bastion.instanceType",
    );
  });

  it("rejects MetalLB pools on AWS, outside the subnet or over DHCP, and bad repo URLs", () => {
    expect(
      codes(patched("moon", { network: { loadBalancerPool: { start: "10.10.0.200", end: "10.10.0.210" } } })),
    ).toContain("lb.pool-on-aws@network.loadBalancerPool");
    expect(
      codes(patched("home", { network: { loadBalancerPool: { start: "10.17.14.1", end: "10.17.14.9" } } })),
    ).toContain("lb.pool-outside-subnet@network.loadBalancerPool");
    expect(
      codes(
        patched("home", {
          network: {
            dhcp: { mode: "full", range: { start: "10.17.13.10", end: "10.17.13.99" } },
            loadBalancerPool: { start: "10.17.13.90", end: "10.17.13.95" },
          },
        }),
      ),
    ).toContain("lb.pool-overlaps-dhcp@network.loadBalancerPool");
    expect(codes(patched("moon", { gitops: { repo: "not a url" } }))).toContain("gitops.repo-invalid@gitops.repo");
  });

  it("rejects DHCP on AWS and cache port clashes", () => {
    expect(codes(patched("moon", { network: { dhcp: { mode: "full" } } }))).toContain("dhcp.aws@network.dhcp.mode");
    expect(
      codes(
        patched("moon", {
          caches: [
            { upstream: "docker.io", port: 8080 },
            { upstream: "quay.io", port: 5050 },
            { upstream: "ghcr.io", port: 5050 },
          ],
        }),
      ),
    ).toEqual(expect.arrayContaining(["cache.port-reserved@caches[0].port", "cache.port-duplicate@caches[2].port"]));
  });
});
