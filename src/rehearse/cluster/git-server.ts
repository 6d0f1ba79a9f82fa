// A git server on loopback for the cluster rehearsal: Node's HTTP server in front of `git http-backend` (git's own
// smart-HTTP CGI program), so Flux's source-controller clones over real git smart HTTP. Hand-written because it is
// twenty lines of CGI plumbing; no library serves git http-backend.
import { spawn } from "node:child_process";
import { createServer, type Server } from "node:http";

export interface GitServer {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  /** Requests served, for the report (what source-controller fetched). */
  readonly requests: () => number;
  close(): Promise<void>;
}

export async function startGitServer(projectRoot: string): Promise<GitServer> {
  let count = 0;
  const server: Server = createServer((req, res) => {
    count++;
    const u = new URL(req.url ?? "/", "http://127.0.0.1");
    const cgi = spawn("git", ["http-backend"], {
      env: {
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        GIT_PROJECT_ROOT: projectRoot,
        GIT_HTTP_EXPORT_ALL: "1",
        GATEWAY_INTERFACE: "CGI/1.1",
        REQUEST_METHOD: req.method ?? "GET",
        PATH_INFO: decodeURIComponent(u.pathname),
        QUERY_STRING: u.search.slice(1),
        CONTENT_TYPE: req.headers["content-type"] ?? "",
        CONTENT_LENGTH: req.headers["content-length"] ?? "",
        HTTP_CONTENT_ENCODING: req.headers["content-encoding"] ?? "",
        HTTP_GIT_PROTOCOL: String(req.headers["git-protocol"] ?? ""),
        REMOTE_ADDR: req.socket.remoteAddress ?? "127.0.0.1",
        SERVER_PROTOCOL: "HTTP/1.1",
      },
      stdio: ["pipe", "pipe", "ignore"],
    });
    req.pipe(cgi.stdin);
    let head = Buffer.alloc(0);
    let headDone = false;
    cgi.stdout.on("data", (chunk: Buffer) => {
      if (headDone) {
        res.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf("\r\n\r\n");
      const endLf = head.indexOf("\n\n");
      const cut = end >= 0 ? end : endLf;
      if (cut < 0) return;
      const sep = end >= 0 ? 4 : 2;
      headDone = true;
      let status = 200;
      for (const line of head.subarray(0, cut).toString().split(/\r?\n/)) {
        const i = line.indexOf(":");
        if (i < 0) continue;
        const k = line.slice(0, i).trim();
        const v = line.slice(i + 1).trim();
        if (k.toLowerCase() === "status") status = Number.parseInt(v, 10) || 200;
        else res.setHeader(k, v);
      }
      res.statusCode = status;
      res.write(head.subarray(cut + sep));
    });
    cgi.on("close", () => res.end());
    cgi.on("error", () => {
      res.statusCode = 500;
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const a = server.address();
  if (a === null || typeof a === "string") throw new Error("git server has no port");
  return {
    url: `http://127.0.0.1:${a.port}`,
    requests: () => count,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
