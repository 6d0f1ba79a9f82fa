// talos.timeServers: the NTP servers every node's config names. Defaults (build-plan.ts): Amazon Time Sync on aws
// (link-local, reachable without any egress), the public NTP pool at home and locally (a LAN gateway often serves
// no NTP, and a node that cannot set its clock fails TLS to every registry). Each entry is a hostname or an IP
// address; Amazon Time Sync answers on EC2 only, and an AWS lab keeps it (T01 node-egress-paths checks it too).
import { isIP } from "node:net";
import { AMAZON_TIME_SYNC, PUBLIC_NTP_POOL } from "../../lib/time-servers.ts";
import { issue, type SpecIssue } from "../issue.ts";
import type { Rule } from "./rule.ts";

/** RFC 1123 hostname: dot-separated labels of letters, digits and inner hyphens. */
const HOSTNAME =
  /^(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

export const timeServersRule: Rule = (spec) => {
  const servers = spec.talos.timeServers;
  if (servers === undefined) return [];
  const out: SpecIssue[] = [];
  if (servers.length === 0) {
    out.push(
      issue("talos.time-servers-empty", "talos.timeServers", "the nodes need at least one time server", {
        received: "[]",
        allowed: "one or more hostnames or IP addresses",
        fix:
          spec.target === "aws"
            ? `remove talos.timeServers (default: Amazon Time Sync ${AMAZON_TIME_SYNC})`
            : `remove talos.timeServers (default: ${PUBLIC_NTP_POOL}) or name your NTP server`,
      }),
    );
    return out;
  }
  const seen = new Set<string>();
  servers.forEach((s, i) => {
    const path = `talos.timeServers[${i}]`;
    if (isIP(s) === 0 && !HOSTNAME.test(s))
      out.push(
        issue("talos.time-server-invalid", path, "a time server is a hostname or an IP address", {
          received: s,
          allowed: "a hostname (pool.ntp.org) or an IPv4/IPv6 address",
          fix: `write ${path} as a hostname or an IP address, without scheme, port or spaces`,
        }),
      );
    else if (seen.has(s.toLowerCase()))
      out.push(
        issue("talos.time-server-duplicate", path, "this time server is already listed", {
          received: s,
          fix: `remove ${path}`,
        }),
      );
    else if (s === AMAZON_TIME_SYNC && spec.target !== "aws")
      out.push(
        issue("talos.time-server-aws-only", path, `Amazon Time Sync answers inside EC2 only, not at ${spec.target}`, {
          received: s,
          allowed: "a server the LAN reaches",
          fix: `use ${PUBLIC_NTP_POOL} (the default) or your LAN's NTP server`,
        }),
      );
    seen.add(s.toLowerCase());
  });
  if (spec.target === "aws" && !servers.includes(AMAZON_TIME_SYNC))
    out.push(
      issue(
        "talos.time-servers-aws-without-time-sync",
        "talos.timeServers",
        "an AWS lab's nodes set their clock from Amazon Time Sync: they have no public IPv4, and the NAT instance only runs with the bastion",
        {
          received: JSON.stringify(servers),
          allowed: `a list that includes ${AMAZON_TIME_SYNC}`,
          fix: `add ${AMAZON_TIME_SYNC} to talos.timeServers (first), or remove the field`,
        },
      ),
    );
  return out;
};
