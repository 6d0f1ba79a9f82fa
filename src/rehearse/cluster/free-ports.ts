// Free loopback ports for the programs of a rehearsal: other processes share the machine, so nothing listens on a
// fixed port.
import { createServer, type Server } from "node:net";

export async function freePorts(n: number): Promise<number[]> {
  // All held open at once so the kernel hands out n distinct ports, then released for the programs to bind.
  const servers = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<Server>((resolve, reject) => {
          const s = createServer();
          s.once("error", reject);
          s.listen(0, "127.0.0.1", () => resolve(s));
        }),
    ),
  );
  const ports = servers.map((s) => {
    const a = s.address();
    if (a === null || typeof a === "string") throw new Error("no port");
    return a.port;
  });
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}
