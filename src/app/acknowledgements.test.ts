import { describe, expect, it } from "vitest";
import { fixtureSecrets } from "../../test/fakes/secrets.ts";
import { patched, planOf } from "../../test/support/lab.ts";
import { SpecInvalidError } from "../errors.ts";
import { unknownCheckAcknowledgements } from "./acknowledgements.ts";
import { renderAndCheck } from "./plan-lab.ts";

describe("acknowledgements of checks", () => {
  it("an acknowledgement of a check id the suite does not have is refused", () => {
    expect(
      unknownCheckAcknowledgements(
        [{ id: "t09/no-open-ingres" }, { id: "t09/no-open-ingress" }],
        ["t09/no-open-ingress"],
      ).map((i) => `${i.code}@${i.path}`),
    ).toEqual(["acknowledgement.unknown-check@acknowledgements[0].id"]);
  });

  it("plan refuses it (exit 2) before rendering", async () => {
    const plan = planOf(
      patched("moon", {
        acknowledgements: [
          { id: "cozystack.arm64-experimental", reason: "we validate arm64 on purpose here" },
          { id: "t09/no-such-check", reason: "a typo acknowledges nothing at all" },
        ],
      }),
    );
    await expect(renderAndCheck(plan, await fixtureSecrets())).rejects.toBeInstanceOf(SpecInvalidError);
  });
});
