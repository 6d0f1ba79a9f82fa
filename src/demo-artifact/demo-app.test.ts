import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadLab } from "../plan/load-lab.ts";
import { demoImageRef } from "../render/gitops/demo-image.ts";
import { DEMO_APP_DIR, isWasmComponent } from "./component.ts";
import { DEMO_APP, demoArtifact, demoPushRef } from "./demo-app.ts";
import { formatImageRef } from "./reference.ts";

describe("the demo app", () => {
  it("matches demo/hello-spin's spin.toml and package.json (name, version, description, route, component)", () => {
    const toml = readFileSync(join(DEMO_APP_DIR, "spin.toml"), "utf8");
    const value = (key: string): string | undefined => toml.match(new RegExp(`^${key} = "(.*)"$`, "m"))?.[1];
    expect(value("name")).toBe(DEMO_APP.name);
    expect(value("version")).toBe(DEMO_APP.version);
    expect(value("description")).toBe(DEMO_APP.description);
    expect(value("route")).toBe(DEMO_APP.route);
    expect(value("component")).toBe(DEMO_APP.componentId);
    expect(toml).toContain(`[component.${DEMO_APP.componentId}]`);
    const pkg = JSON.parse(readFileSync(join(DEMO_APP_DIR, "package.json"), "utf8"));
    expect(pkg.version).toBe(DEMO_APP.version);
    // The WIT package must be a (non-dev) dependency: the Spin build tools only read `dependencies`.
    expect(pkg.dependencies["@spinframework/wasi-http-proxy"]).toBe("1.0.1");
    expect(pkg.dependencies["@spinframework/build-tools"]).toBe("1.0.7");
  });

  it("pushes to the SpinApp's image by default, or to --registry with the same repository and tag, or to --ref", () => {
    const { plan } = loadLab(undefined);
    expect(formatImageRef(demoPushRef(plan))).toBe(demoImageRef(plan));
    expect(formatImageRef(demoPushRef(plan))).toBe(`${plan.bastion.address}:5000/moonlab/hello-spin:0.1.0`);
    expect(formatImageRef(demoPushRef(plan, { registry: "127.0.0.1:5999" }))).toBe(
      "127.0.0.1:5999/moonlab/hello-spin:0.1.0",
    );
    expect(formatImageRef(demoPushRef(plan, { ref: "127.0.0.1:1/a/b:c", registry: "x:1" }))).toBe("127.0.0.1:1/a/b:c");
  });

  it("writes the lab's node architecture into the component environment", () => {
    const wasm = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00]);
    const a = demoArtifact(wasm, { nodeArch: "arm64" });
    expect(a.lockedApp.components[0]?.env).toEqual({ NODE_ARCH: "arm64" });
    expect(demoArtifact(wasm).lockedApp.components[0]?.env).toBeUndefined();
  });

  it("tells a component from a core module", () => {
    expect(isWasmComponent(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00]))).toBe(true);
    expect(isWasmComponent(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]))).toBe(false);
    expect(isWasmComponent(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 0]))).toBe(false);
  });
});
