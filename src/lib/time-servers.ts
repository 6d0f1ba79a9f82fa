// Default NTP servers (talos.timeServers). Amazon Time Sync: link-local on every EC2 instance (FACTS.md); the
// public NTP pool elsewhere (a home router often serves no NTP).
export const AMAZON_TIME_SYNC = "169.254.169.123";
export const PUBLIC_NTP_POOL = "pool.ntp.org";

export function defaultTimeServers(target: string): string[] {
  return target === "aws" ? [AMAZON_TIME_SYNC] : [PUBLIC_NTP_POOL];
}
