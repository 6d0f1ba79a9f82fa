// The AWS bastion's cloud-init user-data (Amazon Linux 2023), embedded by the AWS family in the launch template.
// It unpacks the bundle's files to their host paths, installs Docker, attaches the static ENI and runs install.sh:
// the same files and the same installer as at home. The files travel as one gzip'd tar (write_files gz+b64) because
// EC2 user-data is limited to 16 KB and the plain files are about twice that. No secret is in it (launch templates
// are readable with ec2:DescribeLaunchTemplateVersions): machine configs and Pi-hole's password arrive after boot.
import { stringify } from "yaml";
import { textOf } from "../../artifacts/artifact.ts";
import type { Plan } from "../../plan/types.ts";
import { bundleFiles, installFiles } from "./bundle.ts";
import { HOST, TREE } from "./layout.ts";
import { type TarEntry, tarGz } from "./tar.ts";

/** EC2 accepts at most 16 KB of user-data (before base64). */
export const USER_DATA_LIMIT = 16384;
export const BUNDLE_ARCHIVE = `${HOST.libexec}/bundle.tar`;

/** The files the bastion gets, at their host paths (tar entries are relative to /). */
export function bundleEntries(plan: Plan): TarEntry[] {
  const files = bundleFiles(plan);
  const byPath = new Map(files.map((f) => [f.path, f]));
  return installFiles(files.filter((f) => f.path !== TREE.cloudInit)).map((f) => ({
    path: f.host.replace(/^\//, ""),
    content: textOf(byPath.get(f.tree) ?? { path: f.tree, content: "" }),
    mode: f.mode,
  }));
}

export function bastionUserDataDoc(plan: Plan) {
  return {
    // Docker runs the containers; nftables applies firewall.nft; bind-utils gives `dig` to the live DNS check.
    packages: ["awscli-2", "bind-utils", "docker", "nftables"],
    write_files: [
      {
        path: BUNDLE_ARCHIVE,
        owner: "root:root",
        permissions: "0600",
        encoding: "gz+b64",
        content: tarGz(bundleEntries(plan)).toString("base64"),
      },
    ],
    runcmd: [
      ["tar", "-xpf", BUNDLE_ARCHIVE, "-C", "/", "--no-same-owner"],
      [`${HOST.libexec}/attach-eni.sh`],
      [`${HOST.libexec}/install.sh`, "--systemd"],
    ],
  };
}

export function bastionUserData(plan: Plan): string {
  return `#cloud-config\n${stringify(bastionUserDataDoc(plan), { lineWidth: 0 })}`;
}
