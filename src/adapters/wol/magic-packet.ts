// Wake-on-LAN for home nodes: the magic packet (6 x 0xff, then the MAC 16 times) as a UDP broadcast to port 9.
// Hand-written: 20 lines, and the npm packages for it are unmaintained.
import { createSocket } from "node:dgram";

export function magicPacket(mac: string): Buffer {
  const hex = mac.replace(/[:-]/g, "");
  if (!/^[0-9a-fA-F]{12}$/.test(hex)) throw new Error(`not a MAC address: ${mac}`);
  const m = Buffer.from(hex, "hex");
  return Buffer.concat([Buffer.alloc(6, 0xff), ...Array.from({ length: 16 }, () => m)]);
}

export function sendMagicPacket(mac: string, broadcast: string, port = 9): Promise<void> {
  const s = createSocket("udp4");
  return new Promise((resolve, reject) => {
    s.once("error", (e) => {
      s.close();
      reject(e);
    });
    s.bind(() => {
      s.setBroadcast(true);
      s.send(magicPacket(mac), port, broadcast, (e) => {
        s.close();
        if (e) reject(e);
        else resolve();
      });
    });
  });
}
