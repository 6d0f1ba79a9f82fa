// Moonlander's deployment objects: least privilege by construction (no wildcard, secrets only by name, nothing but
// Landings otherwise), the tenant Role in guest/ (its namespace exists only after the tenants stage), and the
// Deployment running exactly moonlanderArgs(). That the rules are enough is proven against a real API server in
// test/integration/moonlander/controller.test.ts.
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { patched, planOf } from "../../../test/support/lab.ts";
import { textOf } from "../../artifacts/artifact.ts";
import { COMPONENTS } from "../../versions/matrix.ts";
import { gitopsArtifacts } from "./index.ts";
import { moonlanderArgs, moonlanderImageRef } from "./moonlander.ts";

const moon = () => planOf(patched("moon", {}));
type Rule = { apiGroups: string[]; resources: string[]; verbs: string[]; resourceNames?: string[] };

function docs(path: string) {
  const a = gitopsArtifacts(moon()).find((x) => x.path === path);
  if (!a) throw new Error(`${path} not rendered`);
  return parseAllDocuments(textOf(a)).map((d) => d.toJS());
}

describe("Moonlander in the gitops tree", () => {
  const infra = docs("gitops/infrastructure/moonlander.yaml");
  const guest = docs("gitops/guest/moonlander-rbac.yaml");
  const rules: Rule[] = [...infra, ...guest].flatMap((o) => o.rules ?? []);

  it("renders namespace, ServiceAccount, RBAC and Deployment in infrastructure/, the tenant Role in guest/", () => {
    expect(infra.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      "Namespace/moonlander-system",
      "ServiceAccount/moonlander",
      "ClusterRole/moonlander",
      "ClusterRoleBinding/moonlander",
      "Role/moonlander-source",
      "RoleBinding/moonlander-source",
      "Deployment/moonlander",
    ]);
    expect(guest.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      "Role/tenant-lab/moonlander-harvey-kubeconfig",
      "RoleBinding/tenant-lab/moonlander-harvey-kubeconfig",
    ]);
    const ks = (dir: string) => docs(`gitops/${dir}/kustomization.yaml`)[0].resources;
    expect(ks("infrastructure")).toContain("moonlander.yaml");
    expect(ks("guest")).toContain("moonlander-rbac.yaml");
  });

  it("grants no wildcard, reads secrets only by name, and touches nothing but Landings otherwise", () => {
    expect(rules.flatMap((r) => [...r.apiGroups, ...r.resources, ...r.verbs]).filter((x) => x.includes("*"))).toEqual(
      [],
    );
    const secrets = rules.filter((r) => r.resources.includes("secrets"));
    expect(secrets.map((r) => [r.resourceNames, r.verbs])).toEqual([
      [["parent-kubeconfig"], ["get", "list", "watch"]],
      [["kubernetes-harvey-admin-kubeconfig"], ["get"]],
    ]);
    const rest = rules.filter((r) => !r.resources.includes("secrets"));
    expect(rest.every((r) => r.apiGroups.join() === "moons.urmanac.com")).toBe(true);
    expect(rest.flatMap((r) => r.verbs)).not.toContain("delete");
  });

  it("binds every role to the moonlander ServiceAccount, and the Deployment runs as it with the controller's args", () => {
    for (const b of [...infra, ...guest].filter((o) => o.kind.endsWith("Binding")))
      expect(b.subjects).toEqual([{ kind: "ServiceAccount", name: "moonlander", namespace: "moonlander-system" }]);
    const d = infra.find((o) => o.kind === "Deployment");
    expect(d.spec.strategy.type).toBe("Recreate");
    expect(d.spec.template.spec.serviceAccountName).toBe("moonlander");
    expect(d.spec.template.spec.containers[0]).toMatchObject({
      image: COMPONENTS.nodeRuntime.image,
      command: ["node", "/opt/moonlander/moonlander.mjs"],
      args: moonlanderArgs(),
    });
    expect(moonlanderImageRef(moon())).toBe("10.10.0.100:5000/moonlab/moonlander:0.1.0");
  });

  it("mounts the controller image (the lab registry's moonlab/moonlander) read-only where the command runs it", () => {
    const pod = infra.find((o) => o.kind === "Deployment").spec.template.spec;
    expect(pod.volumes).toEqual([
      { name: "controller", image: { reference: moonlanderImageRef(moon()), pullPolicy: "IfNotPresent" } },
    ]);
    expect(pod.containers[0].volumeMounts).toEqual([
      { name: "controller", mountPath: "/opt/moonlander", readOnly: true },
    ]);
    // The runtime is an upstream image (pulled through the docker.io cache); it must not live in the lab registry.
    expect(COMPONENTS.nodeRuntime.image).toMatch(/^docker\.io\/library\/node:24\.\d+\.\d+-\w+-slim$/);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65532 });
    expect(pod.containers[0].securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ["ALL"] },
    });
  });
});
