import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ExecOperator, versionIn } from "./exec-operator.ts";

describe("ExecOperator", () => {
  it("reads versions the way each tool prints them (recorded outputs)", () => {
    // talosctl version --client --short (v1.13), kubectl version --client, helm version --short, bash --version.
    expect(versionIn("Client:\nTalos v1.13.6\n")).toBe("v1.13.6");
    expect(versionIn("Client Version: v1.34.2\nKustomize Version: v5.7.1\n")).toBe("v1.34.2");
    expect(versionIn("v3.19.0+g3d8990f\n")).toBe("v3.19.0");
    expect(versionIn("GNU bash, version 5.2.37(1)-release (x86_64-pc-linux-gnu)\n")).toBe("v5.2.37");
    expect(versionIn("no version here")).toBeUndefined();
  });

  it("runs a program with the step's environment added, and says when a tool is missing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "moonlab-op-"));
    const fake = join(dir, "kubectl");
    writeFileSync(fake, '#!/bin/sh\necho "proxy=$HTTPS_PROXY args=$*"\necho "Client Version: v1.34.2" >&2\nexit 3\n');
    chmodSync(fake, 0o755);
    const op = new ExecOperator({ kubectl: fake, talosctl: join(dir, "absent") });
    const r = await op.run("kubectl", ["get", "--raw=/readyz"], { env: { HTTPS_PROXY: "http://127.0.0.1:1" } });
    expect(r).toEqual({
      code: 3,
      stdout: "proxy=http://127.0.0.1:1 args=get --raw=/readyz\n",
      stderr: "Client Version: v1.34.2\n",
    });
    expect(await op.version("kubectl")).toBe("v1.34.2");
    expect(await op.version("bash")).toMatch(/^v\d+\.\d+\.\d+$/);
    const missing = new ExecOperator({}).run("helm-that-does-not-exist" as never, []);
    expect((await missing).code).toBe(127);
  });
});
