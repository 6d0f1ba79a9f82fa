// Live checks ask for the port they need; a missing port makes the check not-applicable with how to provide it.

import { howToGet, type PortName, type Ports } from "../ports/ports.ts";
import { type LiveTarget, notApplicable, type Outcome } from "./check.ts";

export async function withPort<K extends PortName>(
  t: LiveTarget,
  name: K,
  body: (port: Ports[K]) => Promise<Outcome>,
): Promise<Outcome> {
  const port = t.ports[name] as Ports[K] | undefined;
  if (port === undefined) return notApplicable(`no ${name} access: ${howToGet(name)}`);
  return body(port);
}
