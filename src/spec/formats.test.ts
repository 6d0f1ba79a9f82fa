// Every free-text field has a strict format: the values the issue found reaching config files are refused.
import { describe, expect, it } from "vitest";
import { patched } from "../../test/support/lab.ts";
import { validateObject } from "./validate.ts";

const errorsAt = (patch: Record<string, unknown>) =>
  validateObject(patched("moon", patch))
    .issues.filter((i) => i.severity === "error")
    .map((i) => i.path);

describe("free-text formats", () => {
  it.each([
    ["dns.domain", { dns: { domain: "moon.lab\ndhcp-script=/tmp/x" } }],
    ["dns.upstreams[0]", { dns: { upstreams: ["1.1.1.1\nFTLCONF_x=1"] } }],
    ["dns.upstreams[0]", { dns: { upstreams: ["1.1.1.1;6.6.6.6"] } }],
    ["caches[0].upstream", { caches: [{ upstream: "docker.io\nx", port: 5050 }] }],
    ["caches[0].remoteUrl", { caches: [{ upstream: "docker.io", port: 5050, remoteUrl: "https://x\ny" }] }],
    ["caches[0].remoteUrl", { caches: [{ upstream: "docker.io", port: 5050, remoteUrl: "https://u:p@x.io" }] }],
    ["nodes.installDisk", { nodes: { installDisk: "/dev/sda\n  wipe: true" } }],
    ["bastion.ssh.user", { bastion: { ssh: { user: "ec2-user\nroot" } } }],
    ["budget.email", { budget: { email: "me@example.com\nBcc: x@y.z" } }],
    ["cozystack.host", { cozystack: { host: "moon.lab x" } }],
    ["bastion.schedule.timeZone", { bastion: { schedule: { timeZone: "Europe/Dublin\n" } } }],
    ["talos.extensions.compute[0]", { talos: { extensions: { compute: ["siderolabs/drbd\nx"] } } }],
    ["gitops.branch", { gitops: { repo: "https://github.com/o/r.git", branch: "main\nx" } }],
    ["gitops.path", { gitops: { repo: "https://github.com/o/r.git", path: "clusters/x\ny" } }],
    [
      "acknowledgements[0].reason",
      { acknowledgements: [{ id: "cozystack.arm64-experimental", reason: "long enough\n\u001b[2Jreason" }] },
    ],
  ])("%s refuses a hostile value", (path, patch) => {
    expect(errorsAt(patch)).toContain(path);
  });

  it("the examples' values still pass", () => {
    expect(
      errorsAt({ dns: { domain: "moon.lab", upstreams: ["1.1.1.1", "2606:4700:4700::1111", "9.9.9.9#53"] } }),
    ).toEqual([]);
  });
});

describe("gitops.repo", () => {
  const codes = (repo: string) =>
    validateObject(patched("moon", { gitops: { repo } }))
      .issues.filter((i) => i.severity === "error")
      .map((i) => i.code);

  it("refuses credentials in the URL and says how Flux takes them, without echoing the token", () => {
    const v = validateObject(patched("moon", { gitops: { repo: "https://user:ghp_secret@github.com/o/r.git" } }));
    const i = v.issues.find((x) => x.code === "gitops.repo-credentials");
    expect(i?.fix).toMatch(/secretRef/);
    expect(JSON.stringify(v.issues)).not.toContain("ghp_secret");
    expect(codes("https://ghp_token@github.com/o/r.git")).toContain("gitops.repo-credentials");
  });

  it.each([
    "file:///srv/fleet.git",
    "https://github.com/o/r.git;touch /tmp/x",
    "https://github.com/o/$(id).git",
    "git@github.com:o/r.git`id`",
  ])("refuses %j", (repo) => {
    expect(codes(repo)).toContain("gitops.repo-invalid");
  });

  it.each(["https://github.com/o/r.git", "ssh://git@github.com/o/r.git", "git@github.com:o/r.git"])(
    "accepts %j",
    (repo) => {
      expect(codes(repo)).toEqual([]);
    },
  );

  it("a secretRef names the Secret the GitRepository references", async () => {
    const { planOf } = await import("../../test/support/lab.ts");
    const { syncObjects } = await import("../render/gitops/flux.ts");
    const plan = planOf(patched("moon", { gitops: { repo: "https://github.com/o/r.git", secretRef: "fleet-auth" } }));
    const repo = syncObjects(plan).find((o) => o.kind === "GitRepository") as unknown as {
      spec: { secretRef?: { name: string } };
    };
    expect(repo.spec.secretRef).toEqual({ name: "fleet-auth" });
  });
});
