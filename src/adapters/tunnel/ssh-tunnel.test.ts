// The tunnel as wake uses it on AWS: the CONNECT proxy on loopback forwards over a real SSH connection (ssh2 client
// to an in-process ssh2 server that opens direct-tcpip channels like sshd's AllowTcpForwarding) to a TCP service.
import { request } from "node:http";
import { connect, createServer, type Server as NetServer } from "node:net";
import { Server, utils } from "ssh2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SshBastion } from "../bastion/ssh.ts";
import { ConnectProxyTunnel } from "./connect-proxy.ts";

const clientKey = utils.generateKeyPairSync("ed25519");
let sshServer: Server;
let sshPort = 0;
let api: NetServer;
let apiPort = 0;
const opened: string[] = [];

beforeAll(async () => {
  api = createServer((s) => s.on("data", (b) => s.write(`api got ${b.toString()}`)));
  await new Promise<void>((r) => api.listen(0, "127.0.0.1", () => r()));
  apiPort = (api.address() as { port: number }).port;
  const allowed = utils.parseKey(clientKey.public);
  if (allowed instanceof Error) throw allowed;
  sshServer = new Server({ hostKeys: [utils.generateKeyPairSync("ed25519").private] }, (client) => {
    client
      .on("authentication", (ctx) => {
        if (ctx.method === "publickey" && ctx.key.data.equals(allowed.getPublicSSH())) ctx.accept();
        else ctx.reject(["publickey"]);
      })
      .on("ready", () => {
        client.on("tcpip", (accept, reject, info) => {
          opened.push(`${info.destIP}:${info.destPort}`);
          const upstream = connect(info.destPort, info.destIP);
          upstream.once("error", () => reject());
          upstream.once("connect", () => {
            const ch = accept();
            ch.pipe(upstream).pipe(ch);
          });
        });
      })
      .on("error", () => undefined);
  });
  await new Promise<void>((r) => sshServer.listen(0, "127.0.0.1", () => r()));
  sshPort = (sshServer.address() as { port: number }).port;
});

afterAll(() => {
  sshServer?.close();
  api?.close();
});

describe("tunnel over SSH port forwarding", () => {
  it("carries a CONNECT through the bastion's direct-tcpip channel to the API", async () => {
    const bastion = new SshBastion({
      host: "127.0.0.1",
      port: sshPort,
      user: "moonlab",
      privateKey: clientKey.private,
    });
    const tunnel = await new ConnectProxyTunnel((h, p) => bastion.forwardOut(h, p)).open([
      { host: "127.0.0.1", port: apiPort },
    ]);
    try {
      const u = new URL(tunnel.proxyUrl);
      const reply = await new Promise<string>((resolve, reject) => {
        const req = request({ host: u.hostname, port: u.port, method: "CONNECT", path: `127.0.0.1:${apiPort}` });
        req.on("connect", (res, socket) => {
          if (res.statusCode !== 200) return reject(new Error(`status ${res.statusCode}`));
          socket.once("data", (b: Buffer) => {
            socket.end();
            resolve(b.toString());
          });
          socket.write("GET /readyz\n");
        });
        req.on("error", reject);
        req.end();
      });
      expect(reply).toBe("api got GET /readyz\n");
      expect(opened).toEqual([`127.0.0.1:${apiPort}`]);
    } finally {
      await tunnel.close();
      bastion.close();
    }
  });
});
