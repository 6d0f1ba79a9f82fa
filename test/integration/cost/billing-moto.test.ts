// Live T08 and the budget guard against moto: Cost Explorer answers queued through moto, the lab's budget created,
// compared, replaced and deleted through the Budgets API (moto skips AWS::Budgets::Budget in templates).
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { CloudFormationClient, CreateStackCommand } from "@aws-sdk/client-cloudformation";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { createAwsBillingPort, monthToDatePeriod } from "../../../src/adapters/aws/billing.ts";
import { deleteLabBudget, describeLabBudget, upsertLabBudget } from "../../../src/adapters/aws/billing-budgets.ts";
import type { LiveTarget } from "../../../src/checks/check.ts";
import budgetCheck from "../../../src/checks/t08/lab-budget.ts";
import mtdCheck from "../../../src/checks/t08/month-to-date-under-budget.ts";
import servicesCheck from "../../../src/checks/t08/only-expected-services.ts";
import { BudgetExceededError, guardBudgetBeforeWake } from "../../../src/cost-model/budget-guard.ts";
import { EndpointUnreachableError } from "../../../src/errors.ts";
import { stackName } from "../../../src/render/aws/names.ts";
import { billingTarget } from "../../fakes/billing-targets.ts";
import { patched, planOf } from "../../support/lab.ts";
import { describeWithTools, ROOT } from "../../support/tools.ts";
import { MOTO_ACCOUNT, MOTO_URL, type Moto, queueMonthToDate, resetMoto, startMoto } from "./moto.ts";

const NOW = new Date("2026-11-26T12:00:00Z");
const port = () => createAwsBillingPort({ endpointUrl: MOTO_URL, now: () => NOW });
const moon = () => planOf(patched("moon", { budget: { monthly: 10 } }));
const live = (billing = port()): LiveTarget => billingTarget(moon(), billing);

describeWithTools(
  [{ name: "moto_server", how: "scripts/install-test-tools.sh (PyPI moto[server]==5.2.5)" }],
  "cost against moto (Cost Explorer and Budgets)",
  () => {
    let moto: Moto;
    beforeAll(async () => {
      moto = await startMoto();
    });
    afterAll(async () => {
      await moto?.stop();
    });
    beforeEach(async () => {
      await resetMoto();
    });

    it("asks for this month so far ([1st, tomorrow)) and sums the services", async () => {
      expect(monthToDatePeriod(NOW)).toEqual({ Start: "2026-11-01", End: "2026-11-27" });
      await queueMonthToDate(
        { "Amazon Elastic Compute Cloud - Compute": 3.5, "EC2 - Other": 0.25 },
        monthToDatePeriod(NOW),
      );
      const b = port();
      expect(await b.monthToDateCost()).toEqual({
        totalUsd: 3.75,
        byService: { "Amazon Elastic Compute Cloud - Compute": 3.5, "EC2 - Other": 0.25 },
      });
    });

    it("live T08 passes under budget with only expected services, asking Cost Explorer once per run", async () => {
      await queueMonthToDate(
        { "Amazon Elastic Compute Cloud - Compute": 4.1, "EC2 - Other": 0.3, "AWS Cost Explorer": 0.02 },
        monthToDatePeriod(NOW),
      );
      const t = live();
      const a = await mtdCheck.live?.(t);
      const b = await servicesCheck.live?.(t);
      expect(a?.status).toBe("pass");
      expect(a?.evidence[0]).toBe("month-to-date $4.42 <= budget.monthly $10.00");
      expect(b?.status).toBe("pass");
    });

    it("live T08 fails over budget and on an unexpected service", async () => {
      await queueMonthToDate(
        { "Amazon Elastic Compute Cloud - Compute": 9.2, "Elastic Load Balancing": 1.4 },
        monthToDatePeriod(NOW),
      );
      const t = live();
      const a = await mtdCheck.live?.(t);
      const b = await servicesCheck.live?.(t);
      expect(a?.status).toBe("fail");
      expect(a?.evidence[0]).toBe("month-to-date $10.60 is over budget.monthly $10.00; by service:");
      expect(b?.status).toBe("fail");
      expect(b?.evidence[0]).toBe("unexpected service billed this month: Elastic Load Balancing $1.40");
    });

    it("an empty Cost Explorer (nothing queued) is a month with no spend", async () => {
      expect(await port().monthToDateCost()).toEqual({ totalUsd: 0, byService: {} });
      expect((await mtdCheck.live?.(live()))?.status).toBe("pass");
    });

    it("the wake guard refuses over budget unless forced", async () => {
      await queueMonthToDate({ "Amazon Elastic Compute Cloud - Compute": 12.5 }, monthToDatePeriod(NOW));
      const b = port();
      await expect(guardBudgetBeforeWake(b, moon(), { force: false })).rejects.toBeInstanceOf(BudgetExceededError);
      expect(await guardBudgetBeforeWake(b, moon(), { force: true })).toMatchObject({ over: true, forced: true });
    });

    it("creates the lab's budget through the Budgets API, leaves it when unchanged, replaces it when the spec changes", async () => {
      const plan = planOf(patched("moon", { budget: { monthly: 10, email: "ops@example.org", notifyAtPercent: 70 } }));
      const o = { endpointUrl: MOTO_URL, accountId: MOTO_ACCOUNT };
      expect(await describeLabBudget(plan, o)).toBeUndefined();
      expect(await upsertLabBudget(plan, o)).toBe("created");
      expect(await describeLabBudget(plan, o)).toEqual({
        name: "moonlab-moon",
        limitUsd: 10,
        timeUnit: "MONTHLY",
        budgetType: "COST",
        notifications: [
          { type: "ACTUAL", thresholdPercent: 70 },
          { type: "FORECASTED", thresholdPercent: 100 },
        ],
      });
      expect(await upsertLabBudget(plan, o)).toBe("unchanged");
      const raised = planOf(
        patched("moon", { budget: { monthly: 20, email: "ops@example.org", notifyAtPercent: 70 } }),
      );
      expect(await upsertLabBudget(raised, o)).toBe("replaced");
      expect((await describeLabBudget(raised, o))?.limitUsd).toBe(20);
      expect(await deleteLabBudget(raised, o)).toBe(true);
      expect(await describeLabBudget(raised, o)).toBeUndefined();
      expect(await deleteLabBudget(raised, o)).toBe(false);
    });

    it("live t08/lab-budget reads the budget created through the API (account from the lab's stack ARN)", async () => {
      const plan = planOf(patched("moon", { budget: { monthly: 10, email: "ops@example.org", notifyAtPercent: 70 } }));
      const billing = createAwsBillingPort({ endpointUrl: MOTO_URL, labRegion: "us-east-1", now: () => NOW });
      // No stack yet: the account is unknown, so there is no lab budget to find.
      expect((await budgetCheck.live?.(billingTarget(plan, billing)))?.evidence).toEqual([
        "no budget moonlab-moon in AWS Budgets",
      ]);
      const cfn = new CloudFormationClient({
        region: "us-east-1",
        endpoint: MOTO_URL,
        credentials: { accessKeyId: "moonlab-emulator", secretAccessKey: "moonlab-emulator" },
      });
      await cfn.send(
        new CreateStackCommand({
          StackName: stackName("moon"),
          TemplateBody: JSON.stringify({ Resources: { Topic: { Type: "AWS::SNS::Topic" } } }),
        }),
      );
      expect(await upsertLabBudget(plan, { endpointUrl: MOTO_URL, accountId: MOTO_ACCOUNT })).toBe("created");
      const o = await budgetCheck.live?.(billingTarget(plan, billing));
      expect(o?.status).toBe("pass");
      expect(o?.evidence[0]).toBe("moonlab-moon in AWS Budgets: $10 a month");
      const stricter = planOf(
        patched("moon", { budget: { monthly: 5, email: "ops@example.org", notifyAtPercent: 70 } }),
      );
      expect((await budgetCheck.live?.(billingTarget(stricter, billing)))?.evidence[0]).toBe(
        "moonlab-moon limit $10, want budget.monthly $5",
      );
    });

    it("moonlab cost --live prints month-to-date spend from Cost Explorer and exits 1 on an unexpected service", async () => {
      await queueMonthToDate(
        { "Amazon Elastic Compute Cloud - Compute": 1.5, "Amazon Relational Database Service": 0.4 },
        monthToDatePeriod(new Date()),
      );
      const r = spawnSync(
        process.execPath,
        [join(ROOT, "src/cli/main.ts"), "cost", "--live", "--endpoint-url", MOTO_URL],
        {
          encoding: "utf8",
          env: { ...process.env, NO_COLOR: "1" },
          timeout: 60_000,
        },
      );
      expect(r.stdout).toContain("month to date (Cost Explorer): $1.90 of budget.monthly $95.00");
      expect(r.stdout).toContain("unexpected service: Amazon Relational Database Service");
      expect(r.status).toBe(1);
    });

    it("a budget without an e-mail has no notifications (AWS refuses subscriber-less ones)", async () => {
      const o = { endpointUrl: MOTO_URL, accountId: MOTO_ACCOUNT };
      expect(await upsertLabBudget(moon(), o)).toBe("created");
      expect((await describeLabBudget(moon(), o))?.notifications).toEqual([]);
    });
  },
);

it("an endpoint that refuses connections is an error naming host and port", async () => {
  // Port 9 (discard) on loopback: nothing listens there in the test environment.
  const b = createAwsBillingPort({ endpointUrl: "http://127.0.0.1:9", now: () => NOW });
  const e = await b.monthToDateCost().catch((x: unknown) => x);
  expect(e).toBeInstanceOf(EndpointUnreachableError);
  expect((e as Error).message).toBe("Cost Explorer at 127.0.0.1:9 is unreachable (ECONNREFUSED)");
  const u = await upsertLabBudget(moon(), { endpointUrl: "http://127.0.0.1:9", accountId: MOTO_ACCOUNT }).catch(
    (x: unknown) => x,
  );
  expect((u as Error).message).toBe("AWS Budgets at 127.0.0.1:9 is unreachable (ECONNREFUSED)");
});
