// Strict formats for every free-text field of lab.yaml. Each value ends up in a config file, a script or a kernel
// command line on the bastion or the nodes, so it may only hold the characters its kind of value needs: no line
// breaks, no spaces, no shell or list metacharacters (renderers refuse them again: src/render/line-safe.ts).
import { z } from "zod";

const LABEL = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?";

/** A DNS name: dot-separated lowercase labels, at most 253 characters. */
export const dnsName = z
  .string()
  .max(253)
  .regex(
    new RegExp(`^${LABEL}(\\.${LABEL})*$`),
    "a DNS name: lowercase labels of letters, digits and '-', joined by '.'",
  );

/**
 * A registry host, optionally with a port: docker.io, registry.k8s.io, registry.local:5000. At most 60 characters:
 * the cache's files are named after it inside the bastion bundle's tar (ustar paths hold 100 characters).
 */
export const registryHost = z
  .string()
  .max(60)
  .regex(new RegExp(`^${LABEL}(\\.${LABEL})*(:\\d{1,5})?$`), "a registry host name, optionally :port (e.g. ghcr.io)");

/** An IPv4 or IPv6 address of a DNS resolver, optionally #port (Pi-hole's upstream syntax). */
export const resolverAddress = z
  .string()
  .regex(
    /^((\d{1,3}\.){3}\d{1,3}|[0-9a-fA-F:]*:[0-9a-fA-F:.]*)(#\d{1,5})?$/,
    "an IPv4 or IPv6 address, optionally #port (e.g. 1.1.1.1 or 2606:4700:4700::1111)",
  );

/** An http(s) URL without credentials, spaces or quotes: https://registry-1.docker.io. */
export const httpUrl = z
  .string()
  .max(256)
  .regex(
    /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?(\/[A-Za-z0-9._~/-]*)?$/,
    "an http(s) URL of a host and optional path, no user:password@ (e.g. https://registry-1.docker.io)",
  );

/** A block device path: /dev/nvme0n1, /dev/sda, /dev/disk/by-id/... */
export const devicePath = z
  .string()
  .max(255)
  .regex(/^\/dev\/[A-Za-z0-9._:+-]+(\/[A-Za-z0-9._:+-]+)*$/, "a device path under /dev, e.g. /dev/nvme0n1")
  .refine((s) => !s.split("/").includes(".."), "a device path under /dev, without ..");

/** A Linux user name (useradd's portable set). */
export const unixUser = z
  .string()
  .regex(/^[a-z_][a-z0-9_-]{0,31}$/, "a Linux user name: lowercase letters, digits, '_' and '-', up to 32");

/** An e-mail address as AWS Budgets takes it (no spaces, quotes or line breaks). */
export const emailAddress = z
  .string()
  .max(254)
  .regex(/^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/, "an e-mail address, e.g. you@example.com");

/** A version tag: v1.13.6 (checked against the version matrix by a rule). */
export const versionTag = z
  .string()
  .max(64)
  .regex(/^v?\d+(\.\d+){0,3}([-+][A-Za-z0-9.-]+)?$/, "a version such as v1.13.6");

/** A Talos system extension: siderolabs/drbd. */
export const extensionName = z
  .string()
  .max(128)
  .regex(/^[a-z0-9-]+\/[a-z0-9-]+$/, "an extension name owner/name, e.g. siderolabs/drbd");

/** An IANA time zone name's characters (the zone itself is checked by the schedule rule). */
export const timeZoneName = z
  .string()
  .max(64)
  .regex(/^[A-Za-z0-9_+/-]+$/, "an IANA time zone such as Europe/Dublin");

/** A short name: lowercase letters, digits and '-' (a CozyStack variant). */
export const shortName = z
  .string()
  .max(63)
  .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, "lowercase letters, digits and '-'");

/** Free text a human reads (an acknowledgement's reason): any printable characters, one line. */
export const oneLineText = (min: number) =>
  z
    .string()
    .max(1000)
    .regex(new RegExp(`^(?:\\s*\\S){${min}}`), `say why in at least ${min} characters (not counting spaces)`)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
    .regex(/^[^\u0000-\u001f\u007f-\u009f\u2028\u2029]*$/, "one line of text, without control characters");
