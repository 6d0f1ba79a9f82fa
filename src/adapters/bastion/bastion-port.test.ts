// One case suite for every BastionPort implementation: LocalBastion (this machine) and SshBastion (over a real SSH
// connection to an in-process ssh2 server that runs commands here). Plus BastionHttp over it, and secret pushing.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Server, utils } from "ssh2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { labs } from "../../../test/fakes/bastion-tree.ts";
import { fixtureSecrets } from "../../../test/fakes/secrets.ts";
import { EndpointUnreachableError } from "../../errors.ts";
import type { BastionPort } from "../../ports/bastion.ts";
import { machineConfigYaml } from "../../render/talos/machine-config.ts";
import { BastionHttp } from "../http/via-bastion.ts";
import { LocalBastion } from "./local.ts";
import { pushBastionSecrets } from "./push-secrets.ts";
import { SshBastion } from "./ssh.ts";

const SSH_PORT = 18422;
const dir = mkdtempSync(join(tmpdir(), "moonlab-bastion-port-"));
const clientKey = utils.generateKeyPairSync("ed25519");
let sshServer: Server;
let http: HttpServer;
let httpPort = 0;

beforeAll(async () => {
  writeFileSync(join(dir, "hello.txt"), "hello 'quoted' world\n");
  const allowed = utils.parseKey(clientKey.public);
  if (allowed instanceof Error) throw allowed;
  sshServer = new Server({ hostKeys: [utils.generateKeyPairSync("ed25519").private] }, (client) => {
    client
      .on("authentication", (ctx) => {
        if (
          ctx.method === "publickey" &&
          ctx.username === "moonlab" &&
          ctx.key.data.equals(allowed.getPublicSSH()) &&
          (!ctx.signature || allowed.verify(ctx.blob as Buffer, ctx.signature, ctx.hashAlgo))
        )
          ctx.accept();
        else ctx.reject(["publickey"]);
      })
      .on("ready", () => {
        client.on("session", (accept) => {
          accept().on("exec", (acc, _rej, info) => {
            const stream = acc();
            const child = spawn("sh", ["-c", info.command], { stdio: ["pipe", "pipe", "pipe"] });
            stream.pipe(child.stdin);
            child.stdout.pipe(stream, { end: false });
            child.stderr.pipe(stream.stderr, { end: false });
            child.on("close", (code) => {
              stream.exit(code ?? 1);
              stream.end();
            });
          });
        });
      })
      .on("error", () => undefined);
  });
  await new Promise<void>((r) => sshServer.listen(SSH_PORT, "127.0.0.1", r));
  http = createHttpServer((req, res) => {
    res.statusCode = req.url === "/v2/" ? 200 : 404;
    res.end(req.url === "/v2/" ? "{}" : "404 page not found\n");
  });
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  httpPort = (http.address() as { port: number }).port;
});

afterAll(() => {
  sshServer?.close();
  http?.close();
  rmSync(dir, { recursive: true, force: true });
});

const ssh = () => new SshBastion({ host: "127.0.0.1", port: SSH_PORT, user: "moonlab", privateKey: clientKey.private });

const IMPLEMENTATIONS: Record<string, () => BastionPort & { close?: () => void }> = {
  LocalBastion: () => new LocalBastion(),
  SshBastion: ssh,
};

for (const [name, make] of Object.entries(IMPLEMENTATIONS)) {
  describe(`${name} implements BastionPort`, () => {
    it("exec returns stdout, stderr and the exit code", async () => {
      const b = make();
      const r = await b.exec("echo out; echo err >&2; exit 3");
      expect(r).toEqual({ code: 3, stdout: "out\n", stderr: "err\n" });
      b.close?.();
    });
    it("readFile returns the content, or undefined when the file does not exist", async () => {
      const b = make();
      expect(await b.readFile(join(dir, "hello.txt"))).toBe("hello 'quoted' world\n");
      expect(await b.readFile(join(dir, "nope.txt"))).toBeUndefined();
      b.close?.();
    });
    it("BastionHttp asks through it (curl on the bastion): status and body", async () => {
      const b = make();
      const h = new BastionHttp(b);
      expect(await h.get(`http://127.0.0.1:${httpPort}/v2/`)).toEqual({ status: 200, body: "{}", headers: {} });
      expect((await h.get(`http://127.0.0.1:${httpPort}/ipxe?mac=x`)).status).toBe(404);
      await expect(h.get("http://127.0.0.1:1/v2/", { timeoutMs: 2000 })).rejects.toThrow(EndpointUnreachableError);
      b.close?.();
    });
  });
}

describe("SshBastion", () => {
  it("names host and port when it cannot connect", async () => {
    const b = new SshBastion({
      host: "127.0.0.1",
      port: 1,
      user: "moonlab",
      privateKey: clientKey.private,
      timeoutMs: 3000,
    });
    await expect(b.exec("true")).rejects.toThrow(/bastion SSH at 127\.0\.0\.1:1 is unreachable/);
  });
  it("is refused with another key", async () => {
    const other = utils.generateKeyPairSync("ed25519");
    const b = new SshBastion({ host: "127.0.0.1", port: SSH_PORT, user: "moonlab", privateKey: other.private });
    await expect(b.exec("true")).rejects.toThrow(EndpointUnreachableError);
  });
  it("writes a file atomically with its mode", async () => {
    const b = ssh();
    const path = join(dir, "sub/dir/secret.yaml");
    await b.writeFile(path, "a: '{{x}}'\n", 0o600);
    expect(readFileSync(path, "utf8")).toBe("a: '{{x}}'\n");
    expect(statSync(path).mode & 0o777).toBe(0o600);
    b.close();
  });
});

describe("pushBastionSecrets", () => {
  it("writes each node's machine config (as a matchbox template) and the Pi-hole password, 0600", async () => {
    const plan = labs.home();
    const secrets = await fixtureSecrets();
    const written: { path: string; content: string; mode: number }[] = [];
    const ran: string[] = [];
    const report = await pushBastionSecrets(
      {
        writeFile: async (path, content, mode) => {
          written.push({ path, content, mode });
        },
        exec: async (c) => {
          ran.push(c);
          return { code: 0, stderr: "" };
        },
      },
      plan,
      secrets,
      { piholePassword: "s3cret" },
    );
    expect(report.written).toEqual([
      ...plan.nodes.map((n) => `/srv/moonlab/matchbox/generic/${n.name}.yaml`),
      "/etc/moonlab/secrets/pihole.env",
    ]);
    const first = plan.nodes[0] as (typeof plan.nodes)[number];
    expect(written[0]?.content).toBe(machineConfigYaml(plan, first, secrets).replace(/\{\{/g, '{{"{{"}}'));
    expect(written.every((w) => w.mode === 0o600)).toBe(true);
    expect(written.at(-1)?.content).toBe("FTLCONF_webserver_api_password=s3cret\n");
    expect(ran).toHaveLength(1);
  });
});
