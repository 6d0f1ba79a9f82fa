// The pure parts of `moonlab moonlander build|push`: the layer's files and the push reference; bad input names the flag.
import { describe, expect, it } from "vitest";
import { patched, planOf } from "../../test/support/lab.ts";
import { formatImageRef } from "../demo-artifact/reference.ts";
import { UsageError } from "../errors.ts";
import { moonlanderFiles, moonlanderImage, moonlanderPushRef, pushMoonlanderImage } from "./moonlander-image.ts";

const moon = () => planOf(patched("moon", {}));
const pkgs = [{ name: "commander", version: "15.1.0", license: "MIT" }];

describe("moonlander image", () => {
  it("the layer holds the bundle, a package.json and the third-party notice, in that order", () => {
    const files = moonlanderFiles("export {};\n", pkgs);
    expect(files.map((f) => f.path)).toEqual(["moonlander.mjs", "package.json", "THIRD-PARTY-NOTICES.txt"]);
    const pkg = JSON.parse(new TextDecoder().decode(files[1]?.bytes));
    expect(pkg).toMatchObject({ name: "moonlander", version: "0.1.0", type: "module", license: "Apache-2.0" });
    expect(new TextDecoder().decode(files[2]?.bytes)).toContain("commander@15.1.0 MIT");
  });

  it("same bundle, same digest; the config names the lab's arch", () => {
    const a = moonlanderImage("export {};\n", pkgs, "arm64");
    expect(moonlanderImage("export {};\n", pkgs, "arm64").manifestDigest).toBe(a.manifestDigest);
    expect(JSON.parse(new TextDecoder().decode(a.config.bytes)).architecture).toBe("arm64");
  });

  it("pushes to the Deployment's image volume reference; --registry changes host:port only; --ref wins", () => {
    expect(formatImageRef(moonlanderPushRef(moon()))).toBe("10.10.0.100:5000/moonlab/moonlander:0.1.0");
    expect(formatImageRef(moonlanderPushRef(moon(), { registry: "127.0.0.1:5000" }))).toBe(
      "127.0.0.1:5000/moonlab/moonlander:0.1.0",
    );
    expect(formatImageRef(moonlanderPushRef(moon(), { ref: "r.example:5000/x/y:1" }))).toBe("r.example:5000/x/y:1");
    expect(() => moonlanderPushRef(moon(), { registry: "bad host" })).toThrow(/--registry must be host:port/);
  });

  it("a missing layout is a usage error naming --layout and the build command", async () => {
    const e = await pushMoonlanderImage("/nonexistent/moonlander/oci", moonlanderPushRef(moon())).catch((x) => x);
    expect(e).toBeInstanceOf(UsageError);
    expect(e.message).toMatch(/--layout .* run `moonlab moonlander build` first/);
  });
});
