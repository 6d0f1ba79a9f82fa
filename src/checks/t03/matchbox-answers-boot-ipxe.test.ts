import { describe, expect, it } from "vitest";
import { bastionTarget, jsonEdit, labs, liveTarget } from "../../../test/fakes/bastion-tree.ts";
import { fixedHttp } from "../../../test/fakes/http.ts";
import check from "./matchbox-answers-boot-ipxe.ts";

const home = labs.home();
const url = `${home.services.matchbox.url}/boot.ipxe`;

describe("t03/matchbox-answers-boot-ipxe", () => {
  it("plan: passes with matchbox on :8080; fails on another port", () => {
    expect(check.plan?.(bastionTarget(home))?.status).toBe("pass");
    const o = check.plan?.(
      bastionTarget(home, {
        "bastion/services.json": jsonEdit((d) => (d.services[0].args = ["-address=0.0.0.0:9090"])),
      }),
    );
    expect(o?.status).toBe("fail");
  });
  it("live: passes on matchbox's script, fails on 404 or a foreign body", async () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: iPXE variables, not a JS template
    const script = "#!ipxe\nchain ipxe?uuid=${uuid}&mac=${mac:hexhyp}\n";
    expect((await check.live?.(liveTarget(home, { http: fixedHttp({ [url]: { body: script } }) })))?.status).toBe(
      "pass",
    );
    expect((await check.live?.(liveTarget(home, { http: fixedHttp({}) })))?.evidence).toEqual([
      `GET ${url} -> 404 (want 200)`,
    ]);
    expect((await check.live?.(liveTarget(home, { http: fixedHttp({ [url]: { body: "<html>" } }) })))?.status).toBe(
      "fail",
    );
  });
});
