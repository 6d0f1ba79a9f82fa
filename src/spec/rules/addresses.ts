// Every fixed address (bastion, gateway, nodes) lies inside the lab subnet, is not reserved, and is used once.
// AWS reserves the network address, .1 (router), .2 (DNS), .3 (future) and the last address of a subnet;
// other targets reserve the network and broadcast addresses.
import { broadcast, contains, intToIp, ipToInt, parseCidr } from "../../lib/ipv4.ts";
import { addressIssue } from "../field-formats.ts";
import { issue, type SpecIssue } from "../issue.ts";
import { nodePath, resolveNodes } from "../nodes.ts";
import type { Spec } from "../schema.ts";
import type { Rule } from "./rule.ts";

export function reservedAddresses(spec: Spec): number[] {
  const s = parseCidr(spec.network.subnet);
  if (!s) return [];
  const r = spec.target === "aws" ? [s.network, s.network + 1, s.network + 2, s.network + 3] : [s.network];
  r.push(broadcast(s));
  return r;
}

export const addressesRule: Rule = (spec) => {
  const out: SpecIssue[] = [];
  const subnet = parseCidr(spec.network.subnet);
  const reserved = new Set(reservedAddresses(spec));
  const seen = new Map<number, string>();
  const place = (path: string, text: string, what: string) => {
    const bad = addressIssue(path, text, what, spec.network.subnet);
    if (bad) {
      out.push(bad);
      return;
    }
    const ip = ipToInt(text);
    if (subnet && !contains(subnet, ip)) {
      out.push(
        issue("address.outside-subnet", path, `the ${what} address is outside the lab subnet ${spec.network.subnet}`, {
          received: text,
          allowed: `${intToIp(subnet.network)} - ${intToIp(broadcast(subnet))}`,
          fix: `choose an address inside ${spec.network.subnet}`,
        }),
      );
    } else if (reserved.has(ip) && !(what === "gateway" && spec.target !== "aws")) {
      out.push(
        issue("address.reserved", path, `the ${what} address is reserved in the subnet`, {
          received: text,
          allowed:
            spec.target === "aws"
              ? "not the first four addresses nor the last (AWS reserves them)"
              : "not the network or broadcast address",
          fix: "choose another address",
        }),
      );
    }
    const prev = seen.get(ip);
    if (prev !== undefined) {
      out.push(
        issue("address.duplicate", path, `the address is already used by ${prev}`, {
          received: text,
          fix: `give ${path} an address no other host uses`,
        }),
      );
    } else seen.set(ip, path);
  };
  if (spec.network.gateway !== undefined) place("network.gateway", spec.network.gateway, "gateway");
  place("bastion.address", spec.bastion.address, "bastion");
  for (const n of resolveNodes(spec)) {
    const path = n.specIndex === undefined ? `nodes (${n.name})` : nodePath(n, "address");
    place(path, n.address, `node ${n.name}`);
  }
  return out;
};
