// What deploys Moonlander's controller (`moonlab moonlander run`) into the lab cluster: its namespace,
// ServiceAccount, a Deployment, and RBAC with least privilege, derived from the one Landing the tree declares:
// - Landings in any namespace: read and watch, patch (finalizer) and patch status; nothing else of the API.
// - Secrets only by name: the parent-kubeconfig source in moonlander-system (get/list/watch: RBAC allows list and
//   watch by resourceNames when the client selects metadata.name, which the controller does), and the guest
//   cluster's admin kubeconfig in the tenant namespace (get). No other secret of the cluster is readable.
// The tenant-namespace Role is rendered into guest/ (next to the Landing), because the tenant namespace exists only
// after the tenants stage; the rest is in infrastructure/.
import type { Plan } from "../../plan/types.ts";
import { COMPONENTS } from "../../versions/matrix.ts";
import {
  GUEST_CLUSTER,
  GUEST_KUBECONFIG_SECRET,
  MOONLANDER,
  MOONLANDER_NAMESPACE,
  MOONLANDER_SOURCE_KEY,
  MOONLANDER_SOURCE_SECRET,
  TENANT_NAMESPACE,
} from "./layout.ts";
import { type K8sObject, labels, namespace, obj } from "./objects.ts";

const RBAC_API = "rbac.authorization.k8s.io/v1";
export const MOONLANDER_IMAGE_REPOSITORY = "moonlab/moonlander";
export const MOONLANDER_IMAGE_TAG = "0.1.0";
const SELECTOR = { "app.kubernetes.io/name": MOONLANDER };

/** The one file of the controller image's layer (`moonlab moonlander build`), and where the pod mounts the image. */
export const MOONLANDER_BUNDLE_FILE = "moonlander.mjs";
export const MOONLANDER_MOUNT = "/opt/moonlander";
const VOLUME = "controller";

/**
 * `<bastion address>:<registry port>/moonlab/moonlander:0.1.0` in the lab's own registry: the image volume holding
 * moonlander.mjs, pushed by `moonlab moonlander push`. A tag, not a digest: the renderer stays pure and needs no build.
 */
export function moonlanderImageRef(plan: Plan): string {
  return `${plan.bastion.address}:${plan.services.registry.port}/${MOONLANDER_IMAGE_REPOSITORY}:${MOONLANDER_IMAGE_TAG}`;
}

/** The controller's arguments after `node moonlander.mjs` (and after `moonlab`: the tests run exactly these). */
export function moonlanderArgs(): string[] {
  return [
    "moonlander",
    "run",
    "--parent-kubeconfig-secret",
    `${MOONLANDER_NAMESPACE}/${MOONLANDER_SOURCE_SECRET}`,
    "--parent-kubeconfig-key",
    MOONLANDER_SOURCE_KEY,
    "--resync",
    "600",
    "--retry",
    "30",
  ];
}

const subject = { kind: "ServiceAccount", name: MOONLANDER, namespace: MOONLANDER_NAMESPACE };

function binding(plan: Plan, kind: "RoleBinding" | "ClusterRoleBinding", name: string, ns?: string): K8sObject {
  return obj(
    RBAC_API,
    kind,
    { name, ...(ns ? { namespace: ns } : {}), labels: labels(plan) },
    {
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: kind.replace("Binding", ""), name },
      subjects: [subject],
    },
  );
}

/** infrastructure/moonlander.yaml */
export function moonlanderObjects(plan: Plan): K8sObject[] {
  const meta = (name: string) => ({ name, namespace: MOONLANDER_NAMESPACE, labels: labels(plan) });
  return [
    namespace(plan, MOONLANDER_NAMESPACE),
    obj("v1", "ServiceAccount", meta(MOONLANDER)),
    obj(
      RBAC_API,
      "ClusterRole",
      { name: MOONLANDER, labels: labels(plan) },
      {
        rules: [
          { apiGroups: ["moons.urmanac.com"], resources: ["landings"], verbs: ["get", "list", "watch", "patch"] },
          { apiGroups: ["moons.urmanac.com"], resources: ["landings/status"], verbs: ["get", "patch"] },
        ],
      },
    ),
    binding(plan, "ClusterRoleBinding", MOONLANDER),
    obj(RBAC_API, "Role", meta(`${MOONLANDER}-source`), {
      rules: [
        {
          apiGroups: [""],
          resources: ["secrets"],
          resourceNames: [MOONLANDER_SOURCE_SECRET],
          verbs: ["get", "list", "watch"],
        },
      ],
    }),
    binding(plan, "RoleBinding", `${MOONLANDER}-source`, MOONLANDER_NAMESPACE),
    obj("apps/v1", "Deployment", meta(MOONLANDER), {
      spec: {
        replicas: 1,
        // One controller at a time: no leader election, so never two pods during a rollout.
        strategy: { type: "Recreate" },
        selector: { matchLabels: SELECTOR },
        template: {
          metadata: { labels: { ...SELECTOR, ...labels(plan) } },
          spec: {
            serviceAccountName: MOONLANDER,
            securityContext: { runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: "RuntimeDefault" } },
            // The controller is one bundled file in an OCI image of its own, mounted read-only by the kubelet
            // (image volume, KEP-4639: on by default from Kubernetes 1.35; the Talos v1.11 line enables the gate,
            // src/render/talos/machine-config.ts). The container is the stock Node runtime, pulled through the
            // bastion's docker.io cache like every upstream image: no image of moonlab's needs a container engine.
            volumes: [{ name: VOLUME, image: { reference: moonlanderImageRef(plan), pullPolicy: "IfNotPresent" } }],
            containers: [
              {
                name: MOONLANDER,
                image: COMPONENTS.nodeRuntime.image,
                command: ["node", `${MOONLANDER_MOUNT}/${MOONLANDER_BUNDLE_FILE}`],
                args: moonlanderArgs(),
                volumeMounts: [{ name: VOLUME, mountPath: MOONLANDER_MOUNT, readOnly: true }],
                resources: { requests: { cpu: "10m", memory: "64Mi" }, limits: { memory: "256Mi" } },
                securityContext: {
                  allowPrivilegeEscalation: false,
                  readOnlyRootFilesystem: true,
                  capabilities: { drop: ["ALL"] },
                },
              },
            ],
          },
        },
      },
    }),
  ];
}

/** guest/moonlander-rbac.yaml: read the guest cluster's admin kubeconfig secret, that one only. */
export function moonlanderTenantRbac(plan: Plan): K8sObject[] {
  const name = `${MOONLANDER}-${GUEST_CLUSTER}-kubeconfig`;
  return [
    obj(
      RBAC_API,
      "Role",
      { name, namespace: TENANT_NAMESPACE, labels: labels(plan) },
      {
        rules: [{ apiGroups: [""], resources: ["secrets"], resourceNames: [GUEST_KUBECONFIG_SECRET], verbs: ["get"] }],
      },
    ),
    binding(plan, "RoleBinding", name, TENANT_NAMESPACE),
  ];
}
