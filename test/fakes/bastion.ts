// BastionPort fake: files, command outputs and DNS answers fixed in advance; records the commands it ran.
import type { BastionPort, ExecResult } from "../../src/ports/bastion.ts";

export interface FakeBastionInit {
  readonly files?: Readonly<Record<string, string>>;
  /** Command (exact, or a prefix ending in `*`) -> stdout. Unknown commands exit 127. */
  readonly commands?: Readonly<Record<string, string>>;
  readonly dns?: Readonly<Record<string, readonly string[]>>;
}

export interface FakeBastion extends BastionPort {
  readonly ran: string[];
}

export function fakeBastion(init: FakeBastionInit = {}): FakeBastion {
  const ran: string[] = [];
  return {
    ran,
    async exec(command): Promise<ExecResult> {
      ran.push(command);
      for (const [k, v] of Object.entries(init.commands ?? {}))
        if (k === command || (k.endsWith("*") && command.startsWith(k.slice(0, -1))))
          return { code: 0, stdout: v, stderr: "" };
      return { code: 127, stdout: "", stderr: `${command.split(" ")[0]}: not found` };
    },
    async readFile(path) {
      return init.files?.[path];
    },
    async resolve(name) {
      return init.dns?.[name] ?? [];
    },
  };
}
