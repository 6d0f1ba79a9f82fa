import { connect, createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { directForwarder } from "./connect-proxy.ts";
import { localForward } from "./local-forward.ts";

/** A TCP server on loopback that answers every line with its upper case. */
async function upperServer() {
  const server = createServer((s) => s.on("data", (b) => s.write(b.toString().toUpperCase())));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const a = server.address();
  return { port: typeof a === "object" && a ? a.port : 0, close: () => new Promise((r) => server.close(r)) };
}

const talk = (address: string, line: string): Promise<string> =>
  new Promise((resolve, reject) => {
    const [host, port] = address.split(":");
    const s = connect({ host: host as string, port: Number(port) });
    s.once("error", reject);
    s.once("data", (b) => {
      resolve(b.toString());
      s.destroy();
    });
    s.write(line);
  });

describe("localForward", () => {
  it("carries each connection to the far side's host:port, through the forwarder it is given", async () => {
    const far = await upperServer();
    const asked: string[] = [];
    const fwd = await localForward(
      (h, p) => {
        asked.push(`${h}:${p}`);
        return directForwarder("127.0.0.1", far.port);
      },
      "10.10.0.100",
      5000,
    );
    expect(fwd.address).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(await talk(fwd.address, "hello")).toBe("HELLO");
    expect(await talk(fwd.address, "again")).toBe("AGAIN");
    expect(asked).toEqual(["10.10.0.100:5000", "10.10.0.100:5000"]);
    await fwd.close();
    await far.close();
  });

  it("closes a client whose far side cannot be reached", async () => {
    const fwd = await localForward(() => Promise.reject(new Error("no route")), "10.10.0.100", 5000);
    const closed = await new Promise<boolean>((resolve) => {
      const [host, port] = fwd.address.split(":");
      const s = connect({ host: host as string, port: Number(port) });
      s.on("close", () => resolve(true));
      s.on("error", () => {});
    });
    expect(closed).toBe(true);
    await fwd.close();
  });
});
