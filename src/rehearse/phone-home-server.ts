// The phone-home receiver, run as its own process inside the rehearsal's namespace (where the lab subnet exists):
// `node phone-home-server.ts <address> <port>`. Each POST /phone-home body becomes one JSON line on stdout
// {"remote": ip, "body": text}; it prints {"listening": true} once bound. No other endpoint.
import { createServer } from "node:http";

const [address, portText] = process.argv.slice(2);
const port = Number(portText);
if (!address || !Number.isInteger(port)) {
  process.stderr.write("usage: phone-home-server.ts <address> <port>\n");
  process.exit(2);
}

const server = createServer((req, res) => {
  if (req.method !== "POST" || req.url !== "/phone-home") {
    res.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => {
    chunks.push(c);
  });
  req.on("end", () => {
    const body = Buffer.concat(chunks).toString("utf8");
    process.stdout.write(`${JSON.stringify({ remote: req.socket.remoteAddress ?? "", body })}\n`);
    res.writeHead(200, { "content-type": "text/plain" }).end("ok\n");
  });
});
server.listen(port, address, () => {
  process.stdout.write(`${JSON.stringify({ listening: true })}\n`);
});
for (const sig of ["SIGTERM", "SIGINT"] as const) process.on(sig, () => server.close(() => process.exit(0)));
