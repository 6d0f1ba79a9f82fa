#!/usr/bin/env node
// moonlab CLI entry. Node's on-disk compile cache first (node:module enableCompileCache: compiled code of zod, yaml,
// commander and our type-stripped modules is reused across runs), then the CLI itself: with it, `validate` takes
// about half the CPU (0.45 s -> 0.21-0.26 s measured on a loaded 2-core machine), as `moonlab bench-plan` shows.
// The cache lives where Node puts it (NODE_COMPILE_CACHE, else <tmpdir>/node-compile-cache); a stale or missing
// cache only costs time.
import { enableCompileCache } from "node:module";

enableCompileCache?.();
await import("./run.ts");
