// IPv4 arithmetic over ipaddr.js parsing: addresses as unsigned 32-bit integers so ranges and offsets are plain math.
import ipaddr from "ipaddr.js";

export interface Cidr4 {
  readonly network: number;
  readonly prefix: number;
  readonly size: number;
}

export function isIpv4(text: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(text);
}

export function ipToInt(text: string): number {
  if (!isIpv4(text)) throw new Error(`not an IPv4 address: ${text}`);
  const b = ipaddr.IPv4.parse(text).toByteArray();
  return ((b[0] ?? 0) * 2 ** 24 + (b[1] ?? 0) * 2 ** 16 + (b[2] ?? 0) * 2 ** 8 + (b[3] ?? 0)) >>> 0;
}

export function intToIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".");
}

/** Parses "a.b.c.d/p"; returns undefined when it is not an IPv4 CIDR. */
export function parseCidr(text: string): Cidr4 | undefined {
  const m = /^(\d+\.\d+\.\d+\.\d+)\/(\d{1,2})$/.exec(text);
  if (!m || !isIpv4(m[1] as string)) return undefined;
  const prefix = Number(m[2]);
  if (prefix > 32) return undefined;
  const size = 2 ** (32 - prefix);
  const addr = ipToInt(m[1] as string);
  return { network: addr - (addr % size), prefix, size };
}

/** True when the address part has no host bits set (10.10.0.0/16, not 10.10.0.5/16). */
export function isCanonicalCidr(text: string): boolean {
  const c = parseCidr(text);
  return c !== undefined && ipToInt(text.split("/")[0] as string) === c.network;
}

export function cidrToString(c: Cidr4): string {
  return `${intToIp(c.network)}/${c.prefix}`;
}

export function contains(c: Cidr4, ip: number): boolean {
  return ip >= c.network && ip < c.network + c.size;
}

export function cidrInside(inner: Cidr4, outer: Cidr4): boolean {
  return inner.prefix >= outer.prefix && contains(outer, inner.network);
}

export function broadcast(c: Cidr4): number {
  return c.network + c.size - 1;
}

export function netmask(c: Cidr4): string {
  return intToIp(c.prefix === 0 ? 0 : (0xffffffff << (32 - c.prefix)) >>> 0);
}

/** Is `text` an IPv4 or IPv6 CIDR? Returns the family and prefix, or undefined. */
export function parseAnyCidr(text: string): { family: "ipv4" | "ipv6"; prefix: number } | undefined {
  try {
    const [addr, prefix] = ipaddr.parseCIDR(text);
    return { family: addr.kind(), prefix };
  } catch {
    return undefined;
  }
}
