// The tunnel to the lab's Talos API (50000) and Kubernetes API (6443): an HTTP CONNECT proxy on 127.0.0.1 whose
// every connection is forwarded through the bastion (ssh2 `forwardOut`, a direct-tcpip channel: SSH port
// forwarding, so nothing opens these ports beyond the lab subnet). talosctl dials through it with HTTPS_PROXY,
// kubectl and helm with the kubeconfig's proxy-url; both keep addressing the nodes by their real addresses, so TLS
// names match without extra certificate SANs. Hand-written (small): no maintained npm package is a CONNECT server
// over an arbitrary stream factory, and the allowlist is the security property.
import { createServer, type IncomingMessage } from "node:http";
import { connect, type Socket } from "node:net";
import type { Duplex } from "node:stream";
import type { Tunnel, TunnelPort, TunnelTarget } from "../../ports/operator.ts";

/** Opens a stream to host:port from the far side (the bastion). */
export type Forwarder = (host: string, port: number) => Promise<Duplex>;

export class ConnectProxyTunnel implements TunnelPort {
  readonly #forward: Forwarder;
  constructor(forward: Forwarder) {
    this.#forward = forward;
  }

  async open(allowed: readonly TunnelTarget[]): Promise<Tunnel & { readonly proxyUrl: string }> {
    const ok = new Set(allowed.map((t) => `${t.host}:${t.port}`));
    const sockets = new Set<Socket>();
    const server = createServer((_req, res) => {
      res.writeHead(405, { "content-type": "text/plain" }).end("CONNECT only\n");
    });
    server.on("connect", (req: IncomingMessage, client: Socket, head: Buffer) => {
      sockets.add(client);
      client.on("close", () => sockets.delete(client));
      client.on("error", () => client.destroy());
      const target = req.url ?? "";
      if (!ok.has(target)) {
        client.end(`HTTP/1.1 403 Forbidden\r\ncontent-type: text/plain\r\n\r\n${target} is not a lab API\r\n`);
        return;
      }
      const at = target.lastIndexOf(":");
      this.#forward(target.slice(0, at), Number(target.slice(at + 1))).then(
        (upstream) => {
          client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
          if (head.length > 0) upstream.write(head);
          upstream.pipe(client);
          client.pipe(upstream);
          upstream.on("error", () => client.destroy());
          upstream.on("close", () => client.destroy());
          client.on("close", () => upstream.destroy());
        },
        (e: unknown) => {
          client.end(`HTTP/1.1 502 Bad Gateway\r\ncontent-type: text/plain\r\n\r\n${(e as Error).message}\r\n`);
        },
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : 0;
    return {
      proxyUrl: `http://127.0.0.1:${port}`,
      close: () =>
        new Promise<void>((resolve) => {
          for (const s of sockets) s.destroy();
          server.close(() => resolve());
        }),
    };
  }
}

/** Forwarding from this machine (a home operator on the lab's LAN; tests on loopback). */
export const directForwarder: Forwarder = (host, port) =>
  new Promise((resolve, reject) => {
    const s = connect({ host, port });
    s.once("connect", () => resolve(s));
    s.once("error", reject);
  });
