// Bad Talos input is rejected at validation with its spec path: an unknown extension, tailscale outside the
// gateway group, a Talos version outside the version matrix.
import { describe, expect, it } from "vitest";
import { validateObject } from "../../../src/spec/validate.ts";
import { patched } from "../../support/lab.ts";

const errors = (input: unknown) => {
  const v = validateObject(input);
  expect(v.ok).toBe(false);
  return v.issues.filter((i) => i.severity === "error");
};

describe("Talos spec rules", () => {
  it("rejects an unknown extension name with its path", () => {
    const issues = errors(
      patched("moon", {
        talos: {
          extensions: {
            gateway: ["siderolabs/drbd", "siderolabs/tailscale"],
            compute: ["siderolabs/drbd", "siderolabs/nope"],
          },
        },
      }),
    );
    expect(issues).toContainEqual(
      expect.objectContaining({
        code: "talos.extension-unknown",
        path: "talos.extensions.compute[1]",
        received: JSON.stringify("siderolabs/nope"),
      }),
    );
  });

  it("rejects tailscale outside the gateway group with its path", () => {
    const issues = errors(
      patched("moon", {
        talos: {
          extensions: {
            gateway: ["siderolabs/drbd", "siderolabs/tailscale"],
            compute: ["siderolabs/drbd", "siderolabs/spin", "siderolabs/tailscale"],
          },
        },
      }),
    );
    expect(issues).toContainEqual(
      expect.objectContaining({ code: "talos.tailscale-outside-gateway", path: "talos.extensions.compute[2]" }),
    );
  });

  it("rejects a Talos version outside the matrix with its path", () => {
    const issues = errors(patched("moon", { talos: { version: "v1.12.0" } }));
    expect(issues).toContainEqual(
      expect.objectContaining({
        code: "talos.version-unsupported",
        path: "talos.version",
        received: JSON.stringify("v1.12.0"),
      }),
    );
  });

  it("accepts the examples as they are", () => {
    expect(validateObject(patched("moon", {})).ok).toBe(true);
    expect(validateObject(patched("home", {})).ok).toBe(true);
  });
});
