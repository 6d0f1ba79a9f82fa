// A local TCP port forward: a listener on 127.0.0.1 whose every connection is carried to one host:port on the far
// side (the bastion's `forwardOut`, SSH port forwarding). For clients that cannot speak through the CONNECT tunnel:
// Node's fetch takes no proxy, and the registry client is fetch. Hand-written (a few lines over node:net and the
// Forwarder the CONNECT tunnel already uses): no npm package forwards over an arbitrary stream factory.
import { createServer, type Socket } from "node:net";
import type { Forwarder } from "./connect-proxy.ts";

export interface LocalForward {
  /** `127.0.0.1:<port>`, reaching `host:port` on the far side. */
  readonly address: string;
  close(): Promise<void>;
}

export async function localForward(forward: Forwarder, host: string, port: number): Promise<LocalForward> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    client.on("error", () => client.destroy());
    client.pause();
    forward(host, port).then(
      (upstream) => {
        upstream.on("error", () => client.destroy());
        upstream.on("close", () => client.destroy());
        client.on("close", () => upstream.destroy());
        upstream.pipe(client);
        client.pipe(upstream);
        client.resume();
      },
      () => client.destroy(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const a = server.address();
  const local = typeof a === "object" && a ? a.port : 0;
  return {
    address: `127.0.0.1:${local}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
