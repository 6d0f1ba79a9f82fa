// `moonlab schematic id` accepts every field of the Image Factory's schematic (siderolabs/image-factory v1.5.0,
// pkg/schematic/schematic.go) and computes the factory's IDs: the vectors are the factory's own (its
// pkg/schematic/schematic_test.go TestID and TestUnmarshalID at v1.5.0).
import { describe, expect, it } from "vitest";
import { UsageError } from "../../errors.ts";
import { schematicIdOfText } from "./schematic.ts";

const FACTORY_VECTORS: readonly (readonly [string, string, string])[] = [
  ["empty", "{}", "376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba"],
  ["empty customization", "customization: {}", "376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba"],
  [
    "empty args",
    'customization: {"extraKernelArgs": []}',
    "376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba",
  ],
  [
    "extra args",
    '{"customization": {"extraKernelArgs": ["noapic", "nolapic"]}}',
    "9cba8e32753f91a16c1837ab8abf356af021706ef284aef07380780177d9a06c",
  ],
  [
    "extra args, empty systemExtensions",
    '{"customization": {"extraKernelArgs": ["noapic", "nolapic"], "systemExtensions": {}}}',
    "9cba8e32753f91a16c1837ab8abf356af021706ef284aef07380780177d9a06c",
  ],
  [
    "meta",
    '{"customization": {"meta": [{"key": 10, "value": "foo"}], "extraKernelArgs": [], "systemExtensions": {}}}',
    "d308a2a5ee2277bed5fbaa104fcbc8d59122abfa737df987a95b4ca763459a7f",
  ],
  [
    "overlay",
    '{"overlay": {"name": "rpi_generic", "image": "siderolabs/sbc-raspberrypi"}}',
    "ee21ef4a5ef808a9b7484cc0dda0f25075021691c8c09a276591eedb638ea1f9",
  ],
  [
    "overlay with empty customization",
    '{"overlay": {"name": "rpi_generic", "image": "siderolabs/sbc-raspberrypi"},"customization":{}}',
    "ee21ef4a5ef808a9b7484cc0dda0f25075021691c8c09a276591eedb638ea1f9",
  ],
  [
    "secureboot",
    '{"customization":{"secureboot": {"includeWellKnownCertificates": true}}}',
    "fa8e05f142a851d3ee568eb0a8e5841eaf6b0ebc8df9a63df16ac5ed2c04f3e6",
  ],
  [
    "4k sector disk image",
    "customization:\n  diskImage:\n    sectorSize: 4096\n",
    "92833e9ddd9bb9e11b2464fa5525429f01866306d52ebd882ee08d7918f6d1ea",
  ],
];

describe("schematic IDs for the whole schematic format (Image Factory v1.5.0 vectors)", () => {
  it.each(FACTORY_VECTORS)("%s", (_name, text, id) => {
    expect(schematicIdOfText(text)).toBe(id);
  });

  it("accepts every field the factory accepts", () => {
    const all = [
      "overlay:",
      "  image: siderolabs/sbc-raspberrypi",
      "  name: rpi_generic",
      "  options: {configTxtAppend: 'dtoverlay=vc4', nested: {b: [1, 2], a: true}}",
      "customization:",
      "  embeddedMachineConfiguration: |",
      "    version: v1alpha1",
      "    machine:",
      "      type: worker",
      "  extraKernelArgs: [console=ttyS0]",
      "  meta: [{key: 10, value: '{\"addresses\": []}'}, {key: 0, value: x}]",
      "  systemExtensions: {officialExtensions: [siderolabs/zfs]}",
      "  bootloader: sd-boot",
      "  secureboot: {enrollKeys: force, includeWellKnownCertificates: true}",
      "  diskImage: {sectorSize: 4096}",
    ].join("\n");
    expect(schematicIdOfText(all)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("refuses what the factory refuses: unknown fields, a META key outside 0-255, wrong types", () => {
    expect(() => schematicIdOfText("customization: {meta: [{key: 256, value: x}]}")).toThrow(UsageError);
    expect(() => schematicIdOfText("customization: {meta: [{key: 1, value: x, extra: 1}]}")).toThrow(UsageError);
    expect(() => schematicIdOfText("customization: {secureboot: {includeWellKnownCertificates: yes please}}")).toThrow(
      UsageError,
    );
    expect(() => schematicIdOfText("customization: {diskImage: {sectorSize: -1}}")).toThrow(UsageError);
    expect(() => schematicIdOfText("customization: {nope: 1}")).toThrow(UsageError);
  });
});
