// The demo app's TypeScript type-checks (esbuild strips types without checking them), with the project's pinned
// TypeScript against the app's own tsconfig (DOM-style Request/Response, no Node types: it runs in StarlingMonkey).
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { expect, it } from "vitest";
import { DEMO_APP_DIR } from "../../../src/demo-artifact/component.ts";
import { ROOT } from "../../support/tools.ts";

it("demo/hello-spin/src type-checks under its tsconfig", () => {
  const tsc = join(ROOT, "node_modules/typescript/bin/tsc");
  let out = "";
  try {
    out = execFileSync(process.execPath, [tsc, "-p", join(DEMO_APP_DIR, "tsconfig.json")], {
      encoding: "utf8",
      timeout: 60_000,
    });
  } catch (e) {
    out = `${(e as { stdout?: string }).stdout ?? ""}${String(e)}`;
  }
  expect(out).toBe("");
}, 60_000);
