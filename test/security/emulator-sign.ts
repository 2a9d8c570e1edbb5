// A raw HTTP client for the emulator's security tests: forged Host, Origin and Sec-Fetch-* headers, SigV4 by
// header or presigned (query string), any date — things the SDK never sends. Independent of lib/emulator/sigv4.
import { createHash, createHmac } from "node:crypto";
import http from "node:http";

export interface RawRequest {
  method?: string;
  path: string;
  /** The Host header (signed as sent); defaults to the emulator's own host:port. */
  host?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** How to sign: in the Authorization header (default), presigned in the query string, or not at all. */
  sign?: "header" | "presign" | "none";
  service?: "apigateway" | "lambda";
  region?: string;
  date?: Date;
  /** X-Amz-Expires for a presigned request (seconds, as text); omitted when undefined. */
  expires?: string;
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json(): Record<string, unknown>;
}

const amzDate = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
const hmac = (key: Buffer | string, data: string) => createHmac("sha256", key).update(data).digest();
const sha = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");
const enc = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function signingKey(date: string, region: string, service: string): Buffer {
  let key = hmac("AWS4test", date);
  for (const part of [region, service, "aws4_request"]) key = hmac(key, part);
  return key;
}

/** Sends one request to the emulator at `baseUrl` and reads the whole answer. */
export function raw(baseUrl: string, r: RawRequest): Promise<RawResponse> {
  const base = new URL(baseUrl);
  const url = new URL(r.path, baseUrl);
  const method = r.method ?? "GET";
  const host = r.host ?? base.host;
  const body = r.body === undefined ? Buffer.alloc(0) : Buffer.from(r.body);
  const date = amzDate(r.date ?? new Date());
  const region = r.region ?? "us-east-1";
  const service = r.service ?? "apigateway";
  const scope = `${date.slice(0, 8)}/${region}/${service}/aws4_request`;
  const headers: Record<string, string> = { host, ...(r.headers ?? {}) };
  let query = [...url.searchParams.entries()].map(([k, v]) => [k, v]);
  const sign = r.sign ?? "header";
  if (sign === "presign") {
    query.push(["X-Amz-Algorithm", "AWS4-HMAC-SHA256"], ["X-Amz-Credential", `test/${scope}`], ["X-Amz-Date", date]);
    query.push(["X-Amz-SignedHeaders", "host"]);
    if (r.expires !== undefined) query.push(["X-Amz-Expires", r.expires]);
  } else if (sign === "header") {
    headers["x-amz-date"] = date;
  }
  query = query.map(([k, v]) => [enc(k), enc(v)]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  let canonicalQuery = query.map(([k, v]) => `${k}=${v}`).join("&");
  if (sign !== "none") {
    const names =
      sign === "presign"
        ? ["host"]
        : Object.keys(headers)
            .map((h) => h.toLowerCase())
            .sort();
    const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
    const payload = sign === "presign" ? "UNSIGNED-PAYLOAD" : sha(body);
    const canonical = [
      method,
      url.pathname,
      canonicalQuery,
      names.map((n) => `${n}:${lower[n].trim()}\n`).join(""),
      names.join(";"),
      payload,
    ].join("\n");
    const toSign = ["AWS4-HMAC-SHA256", date, scope, sha(canonical)].join("\n");
    const signature = hmac(signingKey(date.slice(0, 8), region, service), toSign).toString("hex");
    if (sign === "presign") canonicalQuery += `&X-Amz-Signature=${signature}`;
    else
      headers.authorization = `AWS4-HMAC-SHA256 Credential=test/${scope}, SignedHeaders=${names.join(";")}, Signature=${signature}`;
  }
  if (body.length > 0) headers["content-length"] = String(body.length);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: base.hostname,
        port: base.port,
        method,
        path: `${url.pathname}${canonicalQuery ? `?${canonicalQuery}` : ""}`,
        headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            json: () => JSON.parse(text) as Record<string, unknown>,
          });
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}
