// Types for what the StarlingMonkey runtime and the component's WIT imports provide (no DOM lib here).
declare module "wasi:cli/environment@0.2.3" {
  export function getEnvironment(): Array<[string, string]>;
}

interface FetchEvent extends Event {
  readonly request: Request;
  respondWith(response: Response | Promise<Response>): void;
}

declare function addEventListener(type: "fetch", listener: (event: FetchEvent) => void): void;
