// SSH ingress only from the operator's own address (/32 or /128), never the whole internet; with no source the
// bastion is reached by SSM only, and one of the two must be possible.
import { parseAnyCidr } from "../../lib/ipv4.ts";
import { issue, type SpecIssue } from "../issue.ts";
import type { Rule } from "./rule.ts";

export const sshRule: Rule = (spec) => {
  const out: SpecIssue[] = [];
  spec.bastion.ssh.sources.forEach((src, i) => {
    const path = `bastion.ssh.sources[${i}]`;
    const c = parseAnyCidr(src);
    if (!c) {
      out.push(
        issue("ssh.source-invalid", path, "not a CIDR", {
          received: src,
          allowed: "a.b.c.d/32 or an IPv6 /128",
          fix: "write your public address with /32 (IPv4) or /128 (IPv6)",
        }),
      );
      return;
    }
    if (c.prefix === 0) {
      out.push(
        issue("ssh.source-open", path, "SSH from the whole internet is never allowed (T09: no public exposure)", {
          received: src,
          allowed: "one address: /32 or /128",
          fix: "put your own address here, or remove the source and use SSM Session Manager",
        }),
      );
      return;
    }
    const single = c.family === "ipv4" ? 32 : 128;
    if (c.prefix !== single)
      out.push(
        issue("ssh.source-too-wide", path, `SSH source is a /${c.prefix} network, not one operator address`, {
          received: src,
          allowed: `/${single}`,
          fix: `narrow it to your own address/${single}`,
        }),
      );
  });
  if (spec.bastion.ssh.sources.length === 0 && !spec.bastion.ssm && spec.target === "aws")
    out.push(
      issue("bastion.unreachable", "bastion", "no SSH source and SSM disabled: nobody can reach the bastion", {
        fix: "set bastion.ssm: true or add your address to bastion.ssh.sources",
      }),
    );
  return out;
};
