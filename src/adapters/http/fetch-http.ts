// HttpPort over Node's fetch, for hosts that reach the lab subnet directly (home, local, rehearse).

import { fetchUnreachable } from "../../errors.ts";
import type { HttpPort, HttpResponse } from "../../ports/http.ts";

export class FetchHttp implements HttpPort {
  readonly #timeoutMs: number;
  constructor(options: { readonly timeoutMs?: number } = {}) {
    this.#timeoutMs = options.timeoutMs ?? 10_000;
  }

  async get(url: string, options: { readonly timeoutMs?: number } = {}): Promise<HttpResponse> {
    try {
      const r = await fetch(url, {
        signal: AbortSignal.timeout(options.timeoutMs ?? this.#timeoutMs),
        redirect: "manual",
      });
      const headers: Record<string, string> = {};
      r.headers.forEach((v, k) => {
        headers[k] = v;
      });
      return { status: r.status, body: await r.text(), headers };
    } catch (e) {
      throw fetchUnreachable("HTTP endpoint", url, e);
    }
  }
}
