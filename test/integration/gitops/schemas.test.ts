// Every object the gitops renderer emits validates against its upstream schema, for each example lab and the
// CozyStack v0 line; and the validator itself rejects what it must (so a pass means something).
import { expect, it } from "vitest";
import { describeWithTools, SCHEMAS_REQUIREMENT } from "../../support/tools.ts";
import { CASES, renderedObjects } from "./cases.ts";

type Json = Record<string, unknown>;
const moonPlan = () => {
  const make = CASES.moon;
  if (!make) throw new Error("no moon case");
  return make();
};

import { loadValidator, UNVALIDATED } from "./schemas.ts";

describeWithTools([SCHEMAS_REQUIREMENT], "gitops objects validate against their schemas", () => {
  for (const [name, make] of Object.entries(CASES)) {
    it(`${name}: every object is valid`, () => {
      const plan = make();
      const v = loadValidator(plan.cozystack.version);
      const objects = renderedObjects(plan);
      expect(objects.length).toBeGreaterThan(20);
      for (const { object } of objects) if (object.kind === "CustomResourceDefinition") v.addCrd(object);
      const problems = objects.flatMap(({ path, object }) =>
        v
          .validate(object)
          .map((p) => `${path} ${String(object.kind)}/${String((object.metadata as { name: string }).name)}: ${p}`),
      );
      expect(problems).toEqual([]);
      const unvalidated = objects
        .map(({ object }) => `${String(object.apiVersion)}/${String(object.kind)}`)
        .filter((k) => UNVALIDATED.has(k));
      expect(new Set(unvalidated)).toEqual(UNVALIDATED);
    }, 120_000);
  }

  it("the validator rejects a misspelt field, a wrong type and a bad name", () => {
    const v = loadValidator("v1.6.2");
    const moon = renderedObjects(moonPlan());
    const find = (kind: string): Json => {
      const o = moon.find(({ object }) => object.kind === kind)?.object;
      if (!o) throw new Error(`no ${kind} rendered`);
      return o;
    };
    const app = find("SpinApp");
    const spec = app.spec as Json;
    expect(v.validate(app)).toEqual([]);
    expect(v.validate({ ...app, spec: { ...spec, executorr: "x" } }).join()).toMatch(/additional/);
    expect(v.validate({ ...app, spec: { ...spec, replicas: "two" } }).join()).toMatch(/integer/);
    expect(v.validate({ ...app, metadata: { name: "Hello_Spin" } }).join()).toMatch(/DNS subdomain/);
    const k8s = find("Kubernetes");
    expect(v.validate({ ...k8s, spec: { ...(k8s.spec as Json), version: "v1.20" } }).join()).toMatch(/allowed/);
    expect(() => v.validate({ apiVersion: "example.com/v1", kind: "Nope", metadata: { name: "x" } })).toThrow(
      /no validator/,
    );
  });
});
