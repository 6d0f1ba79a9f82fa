// The argument contract with the REAL session-manager-plugin (AWS's, built from its Go module by
// scripts/test-tools/38-session-manager-plugin.sh): spawned by openPluginStream exactly as the keyless path spawns it,
// the plugin must take the StartSession response from the environment variable we name, and open the session's
// data channel on its StreamUrl with its token. No SSM service runs here: the StreamUrl is a minimal WebSocket
// endpoint on loopback that reads the plugin's first message (OpenDataChannel) and ends the session.
import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { Socket } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { SsmSession } from "../../../src/adapters/aws/keyless-access.ts";
import { openPluginStream } from "../../../src/adapters/bastion/session-plugin.ts";
import { MOTO_ENV } from "../../support/moto-suite.ts";
import { describeWithTools, requireTool } from "../../support/tools.ts";

/** The first data frame from the client (RFC 6455: client frames are masked; pings, opcode 9, are skipped). */
function firstFrame(socket: Socket): Promise<{ opcode: number; payload: string }> {
  return new Promise((resolve) => {
    let buf = Buffer.alloc(0);
    socket.on("data", (b: Buffer) => {
      buf = Buffer.concat([buf, b]);
      for (;;) {
        if (buf.length < 2) return;
        const opcode = (buf[0] as number) & 0x0f;
        let len = (buf[1] as number) & 0x7f;
        let at = 2;
        if (len === 126) {
          len = buf.readUInt16BE(2);
          at = 4;
        } else if (len === 127) {
          len = Number(buf.readBigUInt64BE(2));
          at = 10;
        }
        if (buf.length < at + 4 + len) return;
        const mask = buf.subarray(at, at + 4);
        const data = Buffer.from(buf.subarray(at + 4, at + 4 + len).map((x, i) => x ^ (mask[i % 4] as number)));
        buf = buf.subarray(at + 4 + len);
        if (opcode >= 8) continue; // control frames (ping, pong, close)
        return resolve({ opcode, payload: data.toString() });
      }
    });
  });
}

describeWithTools(
  [{ name: "session-manager-plugin", how: "scripts/install-test-tools.sh (38-session-manager-plugin.sh)" }],
  "session-manager-plugin argument contract (real plugin, loopback WebSocket stand-in for SSM's data channel)",
  () => {
    let server: Server;
    let port = 0;
    const opened: Promise<{ url: string; opcode: number; payload: string }>[] = [];
    const saved: Record<string, string | undefined> = {};
    beforeAll(async () => {
      // The plugin signs the WebSocket request with the default credentials: any will do for this endpoint.
      for (const [k, v] of Object.entries(MOTO_ENV)) {
        saved[k] = process.env[k];
        process.env[k] = v;
      }
      server = createServer();
      server.on("upgrade", (req, socket: Socket) => {
        const accept = createHash("sha1")
          .update(`${req.headers["sec-websocket-key"]}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`)
          .digest("base64");
        socket.write(
          `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
        );
        opened.push(firstFrame(socket).then((f) => ({ url: req.url ?? "", ...f })));
      });
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
      const a = server.address();
      port = typeof a === "object" && a ? a.port : 0;
    });
    afterAll(() => {
      server?.closeAllConnections();
      server?.close();
      for (const [k, v] of Object.entries(saved))
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
    });

    it("takes the response from AWS_SSM_START_SESSION_RESPONSE and opens the data channel with the session token", async () => {
      const session: SsmSession = {
        sessionId: "moonlab-contract-0a1b",
        response: JSON.stringify({
          SessionId: "moonlab-contract-0a1b",
          StreamUrl: `ws://127.0.0.1:${port}/v1/data-channel/moonlab-contract-0a1b?role=publish_subscribe`,
          TokenValue: "moonlab-contract-token",
        }),
        request: JSON.stringify({
          Target: "i-0123456789abcdef0",
          DocumentName: "AWS-StartSSHSession",
          Parameters: { portNumber: ["22"] },
        }),
        region: "us-east-1",
        endpoint: "https://ssm.us-east-1.amazonaws.com",
      };
      const stream = openPluginStream(requireTool("session-manager-plugin"), session);
      stream.sock.on("error", () => undefined);
      try {
        for (let i = 0; i < 100 && opened.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
        const first = await opened[0];
        expect(first?.url).toBe("/v1/data-channel/moonlab-contract-0a1b?role=publish_subscribe");
        expect(first?.opcode).toBe(1); // text
        const open = JSON.parse(first?.payload ?? "{}") as Record<string, unknown>;
        expect(open).toMatchObject({ TokenValue: "moonlab-contract-token", MessageSchemaVersion: "1.0" });
        expect(open.ClientId).toEqual(expect.any(String));
      } finally {
        stream.close();
      }
    }, 60_000);
  },
);
