// Content digests as OCI writes them: "sha256:<64 hex>".
import { createHash } from "node:crypto";

export function sha256Digest(bytes: Uint8Array): string {
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}

const DIGEST = /^sha256:[a-f0-9]{64}$/;

export function isSha256Digest(s: string): boolean {
  return DIGEST.test(s);
}

/** The hex part of a sha256 digest (the file name under blobs/sha256/). */
export function digestHex(digest: string): string {
  if (!isSha256Digest(digest)) throw new Error(`not a sha256 digest: ${JSON.stringify(digest)}`);
  return digest.slice("sha256:".length);
}
