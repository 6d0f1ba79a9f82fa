// HttpPort that asks from the bastion itself (curl over the BastionPort): the lab's services listen on private
// addresses that only the lab subnet reaches, and on AWS the operator reaches the bastion only over SSH or SSM.

import { EndpointUnreachableError } from "../../errors.ts";
import type { BastionPort } from "../../ports/bastion.ts";
import type { HttpPort, HttpResponse } from "../../ports/http.ts";

const MARK = "\n--moonlab-http-status:";

/** Single-quotes a word for the bastion's shell. */
const q = (s: string): string => `'${s.replace(/'/g, `'"'"'`)}'`;

export class BastionHttp implements HttpPort {
  readonly #bastion: BastionPort;
  constructor(bastion: BastionPort) {
    this.#bastion = bastion;
  }

  async get(url: string, options: { readonly timeoutMs?: number } = {}): Promise<HttpResponse> {
    const u = new URL(url);
    if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error(`not an http(s) URL: ${url}`);
    const seconds = Math.max(1, Math.ceil((options.timeoutMs ?? 10_000) / 1000));
    const r = await this.#bastion.exec(`curl -sS --max-time ${seconds} -w ${q(`${MARK}%{http_code}`)} ${q(url)}`);
    const at = r.stdout.lastIndexOf(MARK);
    if (r.code !== 0 || at < 0) {
      const port = Number(u.port || (u.protocol === "https:" ? 443 : 80));
      throw new EndpointUnreachableError(
        "HTTP endpoint (from the bastion)",
        u.hostname,
        port,
        r.stderr.trim() || `curl exit ${r.code}`,
      );
    }
    return { status: Number(r.stdout.slice(at + MARK.length).trim()), body: r.stdout.slice(0, at), headers: {} };
  }
}
