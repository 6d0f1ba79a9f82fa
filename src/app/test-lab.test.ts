import { describe, expect, it } from "vitest";
import { fixtureSecrets } from "../../test/fakes/secrets.ts";
import { exampleObject, planOf } from "../../test/support/lab.ts";
import { EndpointUnreachableError } from "../errors.ts";
import { testLab } from "./test-lab.ts";

describe("test --live", { timeout: 180_000 }, () => {
  it("against a closed endpoint: EndpointUnreachableError (exit 3) naming host and port, not N error results", async () => {
    const plan = planOf(exampleObject("moon"));
    const run = testLab(plan, await fixtureSecrets(), { live: true, endpointUrl: "http://127.0.0.1:9" });
    await expect(run).rejects.toBeInstanceOf(EndpointUnreachableError);
    await expect(run).rejects.toMatchObject({ host: "127.0.0.1", port: 9, exitCode: 3 });
  });
});
