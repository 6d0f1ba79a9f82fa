import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadLab } from "../../plan/load-lab.ts";
import { factoryUrls, marshalSchematic, schematicFor, schematicId } from "./schematic.ts";

const MOON = fileURLToPath(new URL("../../../examples/moon.lab.yaml", import.meta.url));

describe("schematic IDs as the Image Factory computes them (FACTS.md vectors)", () => {
  it("empty customization", () => {
    const y = marshalSchematic({});
    expect(y).toBe("customization: {}\n");
    expect(schematicId(y)).toBe("376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba");
  });

  it("extraKernelArgs with 4-space indent and indented sequence", () => {
    const y = marshalSchematic({ customization: { extraKernelArgs: ["noapic", "nolapic"] } });
    expect(y).toBe("customization:\n    extraKernelArgs:\n        - noapic\n        - nolapic\n");
    expect(schematicId(y)).toBe("9cba8e32753f91a16c1837ab8abf356af021706ef284aef07380780177d9a06c");
  });

  it("omits empty lists and keeps struct field order (extraKernelArgs before systemExtensions)", () => {
    const y = marshalSchematic({
      customization: { systemExtensions: { officialExtensions: ["siderolabs/zfs"] }, extraKernelArgs: ["a=1"] },
    });
    expect(y).toBe(
      "customization:\n    extraKernelArgs:\n        - a=1\n    systemExtensions:\n        officialExtensions:\n            - siderolabs/zfs\n",
    );
    expect(marshalSchematic({ customization: { extraKernelArgs: [], systemExtensions: {} } })).toBe(
      "customization: {}\n",
    );
  });

  it("quotes scalars Go yaml would read as another type", () => {
    expect(marshalSchematic({ customization: { extraKernelArgs: ["true", "1", "a b", "x"] } })).toBe(
      'customization:\n    extraKernelArgs:\n        - "true"\n        - "1"\n        - "a b"\n        - x\n',
    );
  });

  it("extension order changes the ID", () => {
    const a = marshalSchematic({ customization: { systemExtensions: { officialExtensions: ["a/x", "a/y"] } } });
    const b = marshalSchematic({ customization: { systemExtensions: { officialExtensions: ["a/y", "a/x"] } } });
    expect(schematicId(a)).not.toBe(schematicId(b));
  });
});

describe("schematicFor", () => {
  const plan = loadLab(MOON).plan;

  it("builds one schematic per group from the plan's extensions with URLs for the arch and version", () => {
    const gw = schematicFor(plan, "gateway");
    const cp = schematicFor(plan, "compute");
    expect(gw.extensions).toEqual(["siderolabs/drbd", "siderolabs/zfs", "siderolabs/spin", "siderolabs/tailscale"]);
    expect(cp.extensions).toEqual(["siderolabs/drbd", "siderolabs/zfs", "siderolabs/spin"]);
    expect(gw.yaml).toBe(
      // AWS: the installed system's serial console (kernel-args.ts) is part of the schematic.
      "customization:\n    extraKernelArgs:\n        - console=ttyS0\n    systemExtensions:\n        officialExtensions:\n            - siderolabs/drbd\n            - siderolabs/zfs\n            - siderolabs/spin\n            - siderolabs/tailscale\n",
    );
    expect(gw.id).toBe(createHash("sha256").update(gw.yaml).digest("hex"));
    expect(gw.id).not.toBe(cp.id);
    expect(gw.urls).toEqual(factoryUrls(gw.id, "v1.13.6", "arm64"));
    expect(gw.urls.kernel).toBe(`https://factory.talos.dev/image/${gw.id}/v1.13.6/kernel-arm64`);
    expect(gw.urls.initramfs).toBe(`https://factory.talos.dev/image/${gw.id}/v1.13.6/initramfs-arm64.xz`);
    expect(gw.urls.cmdline).toBe(`https://factory.talos.dev/image/${gw.id}/v1.13.6/cmdline-metal-arm64`);
    expect(gw.urls.installer).toBe(`factory.talos.dev/metal-installer/${gw.id}:v1.13.6`);
  });
});
