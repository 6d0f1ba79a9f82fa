#!/usr/bin/env node
// Stand-in for AWS's session-manager-plugin in tests: no SSM service runs here, so instead of speaking the session's
// data channel over the StreamUrl websocket it relays stdin/stdout to the TCP address a fake StartSession put in
// StreamUrl (tcp://host:port, a real sshd on loopback). It checks the argument contract the real plugin reads
// (src/sessionmanagerplugin/session/session.go: response or its env var, region, operation, profile, request JSON,
// endpoint), and prints the line the real plugin prints before the stream, so the SSH client must skip it too.
import { connect } from "node:net";

const args = process.argv.slice(2);
if (args.length === 1 && args[0] === "--version") {
  process.stdout.write("0.0.0-stand-in\n");
  process.exit(0);
}
const fail = (why) => {
  process.stderr.write(`session-manager-plugin stand-in: ${why}\n`);
  process.exit(2);
};
if (args.length !== 6) fail(`expected 6 arguments, got ${args.length}`);
const [responseArg, region, operation, , requestJson, endpoint] = args;
const response = JSON.parse(
  responseArg.startsWith("AWS_SSM_START_SESSION_RESPONSE") ? (process.env[responseArg] ?? "{}") : responseArg,
);
const request = JSON.parse(requestJson);
if (operation !== "StartSession") fail(`operation ${operation}`);
if (!region || !endpoint) fail("region and endpoint are required");
if (!response.SessionId || !response.TokenValue || !response.StreamUrl) fail("response lacks the session");
if (request.DocumentName !== "AWS-StartSSHSession" || !request.Target) fail(`request ${requestJson}`);
const url = new URL(response.StreamUrl);
if (url.protocol !== "tcp:") fail(`stand-in relays tcp:// only, got ${response.StreamUrl}`);
process.stdout.write(`\nStarting session with SessionId: ${response.SessionId}\n`);
const s = connect({ host: url.hostname, port: Number(url.port) });
s.on("error", (e) => fail(e.message));
process.stdin.pipe(s);
s.pipe(process.stdout);
s.on("close", () => process.exit(0));
