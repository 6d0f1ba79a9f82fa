// Asking before a destructive verb, as `terraform destroy` does: interactive confirmation on a terminal, `--yes` for
// scripts, and a refusal (nothing deleted) when there is neither: a script must say --yes on purpose.
import { createInterface } from "node:readline/promises";
import { LabError, UsageError } from "../errors.ts";

/** The user declined: nothing was done. */
export class NotConfirmedError extends LabError {
  constructor(what: string) {
    super(`not confirmed: ${what} was not done`, 5);
  }
}

export interface ConfirmIo {
  readonly isTTY: boolean;
  readonly ask: (question: string) => Promise<string>;
}

export const terminalIo = (): ConfirmIo => ({
  isTTY: process.stdin.isTTY === true && process.stderr.isTTY === true,
  ask: async (q) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      return await rl.question(q);
    } finally {
      rl.close();
    }
  },
});

/** Resolves when confirmed (--yes, or the user typed the expected word); throws otherwise. */
export async function confirmDestructive(o: {
  readonly yes: boolean;
  readonly what: string;
  /** The word the user types to confirm (the lab's name, so a stray Enter never deletes). */
  readonly word: string;
  readonly io: ConfirmIo;
}): Promise<void> {
  if (o.yes) return;
  if (!o.io.isTTY)
    throw new UsageError(`${o.what}: refusing without a terminal to confirm on; pass --yes to confirm in a script`);
  const answer = (await o.io.ask(`${o.what}. Type the lab name (${o.word}) to confirm: `)).trim();
  if (answer !== o.word) throw new NotConfirmedError(o.what);
}
