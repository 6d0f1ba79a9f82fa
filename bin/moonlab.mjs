#!/usr/bin/env node
// npm bin entry (for `npx moonlab` where Node >= 22.12 is installed): Node strips the TypeScript types natively.
await import("../src/cli/main.ts");
