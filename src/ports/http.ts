// HttpPort: plain HTTP GETs (registry /v2/, matchbox /boot.ipxe, the demo app's /health).
export interface HttpResponse {
  readonly status: number;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

export interface HttpPort {
  get(url: string, options?: { readonly timeoutMs?: number }): Promise<HttpResponse>;
}
