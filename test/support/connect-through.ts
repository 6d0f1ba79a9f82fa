// A client of the CONNECT tunnel (src/adapters/tunnel/connect-proxy.ts): CONNECTs through the proxy and exchanges
// one line, as talosctl and kubectl do through HTTPS_PROXY / proxy-url.
import { request } from "node:http";

/** Resolves with the proxy's status and the far side's reply to `line` (empty unless 200). */
export function through(proxyUrl: string, target: string, line: string): Promise<{ status: number; reply: string }> {
  const u = new URL(proxyUrl);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, method: "CONNECT", path: target });
    req.on("connect", (res, socket) => {
      if (res.statusCode !== 200) {
        socket.destroy();
        return resolve({ status: res.statusCode ?? 0, reply: "" });
      }
      let reply = "";
      socket.on("data", (b: Buffer) => {
        reply += b.toString();
        if (reply.endsWith("\n")) {
          socket.end();
          resolve({ status: 200, reply });
        }
      });
      socket.write(line);
    });
    req.on("error", reject);
    req.end();
  });
}
