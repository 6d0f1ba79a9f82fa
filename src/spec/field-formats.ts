// Format problems of single fields (CIDR, IPv4 address, MAC), one definition shared by the semantic rules and by the
// raw pass below. The raw pass runs when the schema fails (a required field missing, say): the rules only see a
// schema-valid spec, so without it a missing network.subnet would hide a /33 network.cidr or a bad MAC.
import { isIpv4, parseCidr } from "../lib/ipv4.ts";
import { issue, type SpecIssue } from "./issue.ts";

export const MAC = /^([0-9a-fA-F]{2})([:-][0-9a-fA-F]{2}){5}$/;

export function cidrIssue(path: string, text: string): SpecIssue | undefined {
  if (parseCidr(text)) return undefined;
  return issue("network.cidr-invalid", path, "not an IPv4 CIDR block", {
    received: text,
    allowed: "a.b.c.d/prefix, e.g. 10.10.0.0/24",
    fix: `write ${path} as an address and a prefix length`,
  });
}

export function macIssue(path: string, mac: string): SpecIssue | undefined {
  if (MAC.test(mac)) return undefined;
  return issue("node.mac-invalid", path, "not a MAC address", {
    received: mac,
    allowed: "six hex pairs separated by ':' or '-', e.g. 52:54:00:12:34:56",
    fix: "copy the MAC from the node's firmware or switch",
  });
}

export function addressIssue(path: string, text: string, what: string, subnet: string): SpecIssue | undefined {
  if (isIpv4(text)) return undefined;
  return issue("address.invalid", path, `the ${what} address is not an IPv4 address`, {
    received: text,
    allowed: "a.b.c.d",
    fix: `write ${path} as an IPv4 address inside ${subnet}`,
  });
}

type Raw = Record<string, unknown>;
const obj = (v: unknown): Raw | undefined =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Raw) : undefined;
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** Format problems of the fields present in a spec the schema rejected; paths the schema reported are skipped. */
export function rawFormatIssues(input: unknown, reported: ReadonlySet<string>): SpecIssue[] {
  const root = obj(input);
  if (!root) return [];
  const network = obj(root.network);
  const subnet = str(network?.subnet) ?? "the lab subnet";
  const found: (SpecIssue | undefined)[] = [];
  const text = (v: unknown, path: string, check: (s: string) => SpecIssue | undefined) => {
    const s = str(v);
    if (s !== undefined && !reported.has(path)) found.push(check(s));
  };
  for (const f of ["cidr", "subnet"] as const) text(network?.[f], `network.${f}`, (s) => cidrIssue(`network.${f}`, s));
  text(network?.gateway, "network.gateway", (s) => addressIssue("network.gateway", s, "gateway", subnet));
  text(obj(root.bastion)?.address, "bastion.address", (s) => addressIssue("bastion.address", s, "bastion", subnet));
  if (Array.isArray(root.nodes))
    root.nodes.forEach((n, i) => {
      const node = obj(n);
      text(node?.mac, `nodes[${i}].mac`, (s) => macIssue(`nodes[${i}].mac`, s));
      text(node?.address, `nodes[${i}].address`, (s) =>
        addressIssue(`nodes[${i}].address`, s, `node ${str(node?.name) ?? i}`, subnet),
      );
    });
  return found.filter((i): i is SpecIssue => i !== undefined);
}
