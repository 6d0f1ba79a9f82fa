// The two renderings of the service list: systemd units running `docker run` (AWS: no compose plugin in Amazon
// Linux 2023's repositories) and a compose file (home/local). Both: host networking, restart on failure, start at boot.
import { stringify } from "yaml";
import type { Plan } from "../../plan/types.ts";
import { containerName, HOST, unitName } from "./layout.ts";
import { systemdWord, type UnitFile, unitText } from "./serialize.ts";
import type { BastionService, ContainerService, HostService } from "./services.ts";

export function dockerRunArgs(s: ContainerService): string[] {
  return [
    "run",
    "--rm",
    "--name",
    containerName(s.name),
    "--network",
    "host",
    ...s.capAdd.flatMap((c) => ["--cap-add", c]),
    ...s.mounts.flatMap((m) => ["--volume", `${m.host}:${m.container}${m.readOnly ? ":ro" : ""}`]),
    ...s.envFiles.flatMap((e) => ["--env-file", e.path]),
    s.image,
    ...s.args,
  ];
}

export function containerUnit(s: ContainerService): UnitFile {
  const log = "file" in s.log ? s.log.file : undefined;
  return {
    Unit: [
      ["Description", `moonlab ${s.name} (${s.image})`],
      ["Requires", "docker.service"],
      ["After", "docker.service network-online.target"],
      ["Wants", "network-online.target"],
      // Keep retrying forever (a missing secret or an image pull that fails while the network comes up).
      ["StartLimitIntervalSec", "0"],
    ],
    Service: [
      ...(s.waitsFor !== undefined ? ([["ExecStartPre", `/usr/bin/test -s ${systemdWord(s.waitsFor)}`]] as const) : []),
      ["ExecStartPre", `-/usr/bin/docker rm -f ${containerName(s.name)}`],
      ["ExecStart", ["/usr/bin/docker", ...dockerRunArgs(s)].map(systemdWord).join(" ")],
      ["ExecStop", `/usr/bin/docker stop ${containerName(s.name)}`],
      ...(log !== undefined
        ? ([
            ["StandardOutput", `append:${log}`],
            ["StandardError", `append:${log}`],
          ] as const)
        : []),
      ["Restart", "always"],
      ["RestartSec", "10"],
      ["TimeoutStartSec", "0"],
    ],
    Install: [["WantedBy", "multi-user.target"]],
  };
}

export function hostUnit(s: HostService): UnitFile {
  return {
    Unit: [
      ["Description", `moonlab ${s.name}`],
      ["After", "network-online.target"],
      ["Wants", "network-online.target"],
      ["StartLimitIntervalSec", "0"],
    ],
    Service: [
      ["ExecStart", s.exec.map(systemdWord).join(" ")],
      ["Restart", "always"],
      ["RestartSec", "5"],
    ],
    Install: [["WantedBy", "multi-user.target"]],
  };
}

/** Units installed on this target: every service on AWS; only host services (dnsmasq) where compose runs containers. */
export function units(plan: Plan, services: readonly BastionService[]): { name: string; text: string }[] {
  return services
    .filter((s) => plan.target === "aws" || s.kind === "host")
    .map((s) => ({ name: unitName(s.name), text: unitText(s.kind === "host" ? hostUnit(s) : containerUnit(s)) }));
}

export function composeFile(plan: Plan, services: readonly BastionService[]): string {
  const out: Record<string, unknown> = {};
  for (const s of services) {
    if (s.kind !== "container") continue;
    out[s.name] = {
      image: s.image,
      container_name: containerName(s.name),
      network_mode: "host",
      restart: "unless-stopped",
      ...(s.args.length > 0 ? { command: [...s.args] } : {}),
      ...(s.capAdd.length > 0 ? { cap_add: [...s.capAdd] } : {}),
      // Short syntax (every file required): the long {path, required} form needs Compose >= 2.24.
      ...(s.envFiles.length > 0 ? { env_file: s.envFiles.map((e) => e.path) } : {}),
      volumes: s.mounts.map((m) => `${m.host}:${m.container}${m.readOnly ? ":ro" : ""}`),
    };
  }
  return stringify({ name: `moonlab-${plan.lab}`, services: out }, { lineWidth: 0 });
}

export { HOST };
