/**
 * What the data-plane tests share besides the emulator (test/support/emulator.ts): the proxy builders, and a
 * raw node:http client that sends exactly the headers a test gives (no default Accept, unlike fetch).
 */
import http from "node:http";

/** Function and proxy-API builders: one implementation, shared with e2e and the benchmark. */
export {
  createProxyFunction as createFunction,
  createProxyApi as createApi,
  type RouteSpec,
} from "../../support/proxy-api";

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  rawHeaders: string[];
  body: Buffer;
}

/** One HTTP request with exactly these headers; a fresh connection unless an agent is given. */
export function request(
  url: string,
  opts: {
    method?: string;
    headers?: Record<string, string>;
    body?: Buffer | string;
    agent?: http.Agent;
    host?: string;
  } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.host) headers.Host = opts.host;
    const req = http.request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname + u.search,
        method: opts.method ?? "GET",
        headers,
        agent: opts.agent ?? false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode!,
            headers: res.headers,
            rawHeaders: res.rawHeaders,
            body: Buffer.concat(chunks),
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(opts.body);
  });
}

/** The path-style invoke URL of a stage. */
export const invokeUrl = (h: { url: string }, apiId: string, stage: string, p: string) =>
  `${h.url}/_aws/execute-api/${apiId}/${stage}${p}`;

/** A handler that returns whatever result the test puts base64-encoded in the `x-result` header, or echoes the event. */
export const RESULT_HANDLER = `"use strict";
exports.handler = async (event) => {
  const h = event.headers || {};
  if (h["x-result"]) return JSON.parse(Buffer.from(h["x-result"], "base64").toString("utf8"));
  return { statusCode: 200, headers: { "Content-Type": "application/json" }, body: JSON.stringify(event) };
};
`;

/** Base64 of a result object, for the x-result header. */
export const result = (r: unknown) => Buffer.from(JSON.stringify(r)).toString("base64");
