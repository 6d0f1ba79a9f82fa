// Helper process of control-plane.test.ts: starts a control plane, prints "ready <workDir>", then waits to be
// interrupted, so the test can send it SIGINT and look for survivors.
import { startControlPlane } from "../../../src/rehearse/cluster/control-plane.ts";

const cp = await startControlPlane();
process.stdout.write(`ready ${cp.workDir}\n`);
setInterval(() => {}, 60_000);
