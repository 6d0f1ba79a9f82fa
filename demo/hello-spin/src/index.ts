// hello-spin: moonlab's demo Spin application, a wasi:http component built from this TypeScript with the Spin JS
// tooling (esbuild bundle + j2w/componentize-js, see build.ts). The acceptance suite (T06, T10) calls:
//   GET /        -> 200 "Hello from Spin" plus " on <arch>" when NODE_ARCH is set (and " (node <name>)" with NODE_NAME)
//   GET /health  -> 200 "OK" (exactly, no newline: checks compare the body)
//   anything else -> 404
// NODE_ARCH / NODE_NAME come from the component's WASI environment (wasi:cli/environment). Spin fills it from the
// component's `environment` in the locked app (moonlab demo build writes NODE_ARCH = the lab's node architecture
// there; the SpinApp's arm64 node selector makes that statement true); jco serve passes its own process environment.
import { getEnvironment } from "wasi:cli/environment@0.2.3";

// Read per request, never at module top level: the module is pre-initialised at build time (wizer), so a
// top-level read would freeze the build machine's environment into the component.
function nodeInfo(): string {
  const env = new Map<string, string>();
  for (const [k, v] of getEnvironment()) env.set(k, v);
  const arch = env.get("NODE_ARCH");
  const node = env.get("NODE_NAME");
  let s = "";
  if (arch) s += ` on ${arch}`;
  if (node) s += ` (node ${node})`;
  return s;
}

function text(status: number, body: string): Response {
  return new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8" } });
}

function handle(request: Request): Response {
  const { pathname } = new URL(request.url);
  if (request.method !== "GET" && request.method !== "HEAD") return text(405, "method not allowed");
  if (pathname === "/health") return text(200, "OK");
  if (pathname === "/") return text(200, `Hello from Spin${nodeInfo()}`);
  return text(404, "not found");
}

// StarlingMonkey's service-worker style entry point, as in the Spin v3 http-ts template.
addEventListener("fetch", (event: FetchEvent) => {
  event.respondWith(handle(event.request));
});
