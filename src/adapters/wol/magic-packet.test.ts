import { createSocket } from "node:dgram";
import { describe, expect, it } from "vitest";
import { magicPacket, sendMagicPacket } from "./magic-packet.ts";

describe("Wake-on-LAN", () => {
  it("builds the magic packet: 6 x ff then the MAC 16 times (102 bytes)", () => {
    const p = magicPacket("52:54:00:12:34:56");
    expect(p.length).toBe(102);
    expect(p.subarray(0, 6).toString("hex")).toBe("ffffffffffff");
    for (let i = 0; i < 16; i++) expect(p.subarray(6 + i * 6, 12 + i * 6).toString("hex")).toBe("525400123456");
    expect(() => magicPacket("52:54:00:12:34")).toThrow(/not a MAC/);
  });

  it("sends it over UDP (received on loopback)", async () => {
    const rx = createSocket("udp4");
    const got = new Promise<Buffer>((r) => rx.once("message", (m) => r(m)));
    await new Promise<void>((r) => rx.bind(0, "127.0.0.1", () => r()));
    await sendMagicPacket("52-54-00-AB-CD-EF", "127.0.0.1", rx.address().port);
    expect((await got).subarray(96).toString("hex")).toBe("525400abcdef");
    rx.close();
  });
});
