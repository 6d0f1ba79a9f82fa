// What `moonlab demo push` and `moonlab moonlander push` print: the reference, its digest and what was uploaded.
import { formatImageRef, type ImageRef } from "../demo-artifact/reference.ts";
import type { PushResult } from "../demo-artifact/registry-client.ts";

export function printPush(r: PushResult & { readonly ref: ImageRef }, json: boolean): void {
  const ref = formatImageRef(r.ref);
  process.stdout.write(
    json
      ? `${JSON.stringify({ ref, digest: r.manifestDigest, uploaded: r.uploaded, skipped: r.skipped }, null, 2)}\n`
      : `pushed ${ref}@${r.manifestDigest} (${r.uploaded} blobs uploaded, ${r.skipped} already there)\n`,
  );
}
