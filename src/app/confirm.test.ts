import { describe, expect, it } from "vitest";
import { confirmDestructive } from "./confirm.ts";

const io = (isTTY: boolean, answer = "") => {
  const asked: string[] = [];
  return {
    asked,
    io: {
      isTTY,
      ask: async (q: string) => {
        asked.push(q);
        return answer;
      },
    },
  };
};

describe("confirmDestructive", () => {
  const what = "delete lab moon";
  it("--yes confirms without asking", async () => {
    const t = io(false);
    await confirmDestructive({ yes: true, what, word: "moon", io: t.io });
    expect(t.asked).toEqual([]);
  });
  it("refuses without a terminal and without --yes (exit 2)", async () => {
    await expect(confirmDestructive({ yes: false, what, word: "moon", io: io(false).io })).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(/--yes/),
    });
  });
  it("on a terminal, asks and goes on only when the lab name is typed", async () => {
    const ok = io(true, "moon\n");
    await confirmDestructive({ yes: false, what, word: "moon", io: ok.io });
    expect(ok.asked[0]).toMatch(/Type the lab name \(moon\)/);
    for (const answer of ["", "y", "yes", "Moon"])
      await expect(
        confirmDestructive({ yes: false, what, word: "moon", io: io(true, answer).io }),
      ).rejects.toMatchObject({
        exitCode: 5,
      });
  });
});
