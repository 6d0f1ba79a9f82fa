// Image references as `host[:port]/repository[:tag|@sha256:…]` (the registry part is required: moonlab pushes to
// a named registry, never to an implied Docker Hub).
import { UsageError } from "../errors.ts";
import { isSha256Digest } from "./digest.ts";

export interface ImageRef {
  /** host or host:port */
  readonly registry: string;
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

const REPO = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const REGISTRY = /^(?:\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+)(?::\d{1,5})?$/;

export function parseImageRef(s: string): ImageRef {
  const bad = (why: string): UsageError =>
    new UsageError(`image reference ${JSON.stringify(s)} ${why} (expected host:port/repository:tag)`);
  const slash = s.indexOf("/");
  if (slash <= 0) throw bad("has no registry host");
  const registry = s.slice(0, slash);
  if (!REGISTRY.test(registry)) throw bad(`has an invalid registry ${JSON.stringify(registry)}`);
  let rest = s.slice(slash + 1);
  let digest: string | undefined;
  let tag: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!isSha256Digest(digest)) throw bad("has an invalid digest");
  }
  const colon = rest.lastIndexOf(":");
  if (colon >= 0) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) throw bad(`has an invalid tag ${JSON.stringify(tag)}`);
  }
  if (!REPO.test(rest)) throw bad(`has an invalid repository ${JSON.stringify(rest)}`);
  if (tag === undefined && digest === undefined) throw bad("has neither a tag nor a digest");
  return { registry, repository: rest, ...(tag !== undefined ? { tag } : {}), ...(digest ? { digest } : {}) };
}

export function formatImageRef(r: ImageRef): string {
  return `${r.registry}/${r.repository}${r.tag !== undefined ? `:${r.tag}` : ""}${r.digest ? `@${r.digest}` : ""}`;
}

/** The tag, else the digest: what a manifest is addressed by. */
export function refReference(r: ImageRef): string {
  const v = r.tag ?? r.digest;
  if (v === undefined) throw new UsageError(`image reference ${formatImageRef(r)} has neither a tag nor a digest`);
  return v;
}
