// HttpPort fakes: fixed answers per URL (404 otherwise), and a broken one that cannot connect.

import { EndpointUnreachableError } from "../../src/errors.ts";
import type { HttpPort, HttpResponse } from "../../src/ports/http.ts";

export interface FixedHttp extends HttpPort {
  readonly requests: string[];
}

export function fixedHttp(routes: Readonly<Record<string, Partial<HttpResponse> & { body?: string }>>): FixedHttp {
  const requests: string[] = [];
  return {
    requests,
    async get(url) {
      requests.push(url);
      const r = routes[url];
      if (!r) return { status: 404, body: "404 page not found\n", headers: {} };
      return { status: r.status ?? 200, body: r.body ?? "", headers: r.headers ?? {} };
    },
  };
}

export function brokenHttp(): HttpPort {
  return {
    async get(url) {
      const u = new URL(url);
      throw new EndpointUnreachableError("HTTP endpoint", u.hostname, Number(u.port || 80), "connection refused");
    },
  };
}
