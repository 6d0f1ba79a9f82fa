// Container image names as Kubernetes and containerd read them (the "docker reference" grammar of
// distribution/reference): an optional registry host (a first component with a dot or a port, or "localhost"),
// the implicit docker.io with "library/" for one-component names, a tag and/or a digest.
// Hand-written: the npm parsers (docker-parse-image, @astronomer/...) are unmaintained or drop the normalisation
// rules; the grammar is small and the rules are the ones containerd applies when it resolves a pull.

export interface ImageName {
  /** Registry host (with port), normalised: docker.io for Docker Hub. */
  readonly registry: string;
  /** Repository path inside the registry ("library/busybox" for Docker Hub's one-component names). */
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
const HOST = /^(?:localhost|\[[0-9a-fA-F:]+\]|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*)(?::\d{1,5})?$/;

/** Parses a reference, or returns undefined when it is not one (templated, empty, a bare word with a space). */
export function parseImageName(text: string): ImageName | undefined {
  const s = text.trim();
  if (s === "" || /[\s{}]/.test(s)) return undefined;
  let rest = s;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return undefined;
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf("/");
  const colon = rest.lastIndexOf(":");
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return undefined;
  }
  const parts = rest.split("/");
  let registry = "docker.io";
  const first = parts[0] ?? "";
  if (parts.length > 1 && (first.includes(".") || first.includes(":") || first === "localhost")) {
    if (!HOST.test(first)) return undefined;
    registry = first === "index.docker.io" || first === "registry-1.docker.io" ? "docker.io" : first;
    parts.shift();
  }
  if (parts.length === 0 || !parts.every((p) => COMPONENT.test(p))) return undefined;
  if (registry === "docker.io" && parts.length === 1) parts.unshift("library");
  return {
    registry,
    repository: parts.join("/"),
    ...(tag !== undefined ? { tag } : {}),
    ...(digest !== undefined ? { digest } : {}),
  };
}

/** The fully qualified form: `registry/repository[:tag][@digest]`. */
export function formatImageName(n: ImageName): string {
  return `${n.registry}/${n.repository}${n.tag !== undefined ? `:${n.tag}` : ""}${n.digest ? `@${n.digest}` : ""}`;
}

/** `registry/repository` without tag or digest: what a substitution or an acknowledgement names. */
export const imageRepository = (n: ImageName): string => `${n.registry}/${n.repository}`;

/** The reference a registry resolves: the digest when pinned (containerd pulls by digest then), else the tag. */
export const manifestReference = (n: ImageName): string => n.digest ?? n.tag ?? "latest";

/** The fully qualified form of a reference, or the text itself when it does not parse. */
export function normaliseImage(text: string): string {
  const n = parseImageName(text);
  return n ? formatImageName(n) : text;
}
