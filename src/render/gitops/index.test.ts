// The gitops renderer: byte-stable, only under gitops/, the choices that follow from the target and the plan.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { patched, planOf } from "../../../test/support/lab.ts";
import { textOf } from "../../artifacts/artifact.ts";
import { demoImageRef } from "./demo-image.ts";
import { gitopsArtifacts, renderGitops } from "./index.ts";
import { fluxPath, gitopsLayout, SPIN_NODE_LABEL } from "./layout.ts";
import { demoEndpoint, lbMode } from "./load-balancing.ts";
import { spinOperatorChartUrl } from "./spinkube.ts";

const moon = () => planOf(patched("moon", {}));
const home = () => planOf(patched("home", {}));

describe("renderGitops", () => {
  it("is byte-stable and writes only under gitops/", () => {
    const a = renderGitops(moon(), {}, {});
    const b = renderGitops(moon(), {}, {});
    expect(a.map((x) => [x.path, textOf(x)])).toEqual(b.map((x) => [x.path, textOf(x)]));
    expect(a.every((x) => x.path.startsWith("gitops/"))).toBe(true);
    expect(new Set(a.map((x) => x.path)).size).toBe(a.length);
  });

  it("parses every YAML file, and the bootstrap script is executable", () => {
    for (const a of gitopsArtifacts(home())) {
      if (a.path.endsWith(".yaml")) for (const d of parseAllDocuments(textOf(a))) expect(d.errors).toEqual([]);
    }
    const script = gitopsArtifacts(moon()).find((a) => a.path === "gitops/bootstrap/install.sh");
    expect(script?.mode).toBe(0o755);
    const text = textOf(script ?? { path: "", content: "" });
    expect(text).toMatch(/cozy-installer --version 1\.6\.2/);
    // The shell parses it (bash -n reads without running).
    expect(spawnSync("bash", ["-n"], { input: text }).status).toBe(0);
  });

  it("the demo image lives in the bastion's registry", () => {
    expect(demoImageRef(moon())).toBe("10.10.0.100:5000/moonlab/hello-spin:0.1.0");
    expect(demoImageRef(home())).toBe("10.17.13.140:5000/moonlab/hello-spin:0.1.0");
  });

  it("chooses NodePort on AWS and MetalLB L2 at home with a pool", () => {
    expect(lbMode(moon())).toBe("nodeport");
    expect(lbMode(home())).toBe("metallb-l2");
    expect(demoEndpoint(moon()).url).toBe("http://10.10.0.102:30080/health");
    expect(demoEndpoint(home()).url).toBe("http://10.17.13.200/health");
    const paths = (p: ReturnType<typeof moon>) => gitopsArtifacts(p).map((a) => a.path);
    expect(paths(moon())).not.toContain("gitops/infrastructure/load-balancing.yaml");
    expect(paths(home())).toContain("gitops/infrastructure/load-balancing.yaml");
  });

  it("Flux paths follow gitops.path, and the sync source comes from the plan", () => {
    const p = planOf(patched("moon", { gitops: { path: "fleet/labs/moon/" } }));
    const l = gitopsLayout(p);
    expect(fluxPath(l, "apps")).toBe("./fleet/labs/moon/apps");
    const sync = gitopsArtifacts(p).find((a) => a.path === "gitops/flux/sync.yaml");
    const [repo, ks] = parseAllDocuments(textOf(sync ?? { path: "", content: "" })).map((d) => d.toJS());
    expect(repo.metadata).toMatchObject({ name: "cozy-fluxcd", namespace: "cozy-fluxcd" });
    expect(repo.spec).toMatchObject({ url: "https://github.com/example/moon-fleet.git", ref: { branch: "main" } });
    expect(ks.spec.path).toBe("./fleet/labs/moon/flux");
  });

  it("pulls the spin-operator chart through the bastion's ghcr.io cache when the lab has one", () => {
    expect(spinOperatorChartUrl(moon())).toEqual({
      url: "oci://10.10.0.100:5054/spinframework/charts/spin-operator",
      insecure: true,
    });
    const noCache = planOf(patched("moon", { caches: [{ upstream: "docker.io", port: 5050 }] }));
    expect(spinOperatorChartUrl(noCache)).toEqual({
      url: "oci://ghcr.io/spinframework/charts/spin-operator",
      insecure: false,
    });
  });

  it("the RuntimeClass selects the spin node label and the lab's arch", () => {
    const rc = gitopsArtifacts(
      planOf(
        patched("moon", {
          arch: "amd64",
          nodes: { instanceType: "t3.2xlarge" },
          bastion: { instanceType: "t3.small" },
        }),
      ),
    ).find((a) => a.path === "gitops/infrastructure/runtime-class.yaml");
    const o = parseAllDocuments(textOf(rc ?? { path: "", content: "" }))[0]?.toJS();
    expect(o.scheduling.nodeSelector).toEqual({ [SPIN_NODE_LABEL]: "true", "kubernetes.io/arch": "amd64" });
  });
});
