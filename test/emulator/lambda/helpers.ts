// Helpers for the Lambda control-plane integration tests: a fresh emulator (port 0, temp state dir),
// a real LambdaClient, zips built with fflate, and a hand-signed raw request for wire-level assertions.
import { createHash, createHmac } from "node:crypto";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { strToU8, zipSync } from "fflate";
import { freshEmulator } from "../core/helpers";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

export const ROLE = "arn:aws:iam::000000000000:role/lambda-role";
export const ACCOUNT = "000000000000";

export type Emu = Awaited<ReturnType<typeof freshEmulator>>;

/** Starts an emulator on 127.0.0.1:0 with a fresh state dir (one implementation, in core/helpers). */
export { freshEmulator };

/** A real Lambda client against the emulator, without retries so every error surfaces once. */
export function lambda(url: string, region = "us-east-1"): LambdaClient {
  return new LambdaClient({
    endpoint: url,
    region,
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    maxAttempts: 1,
  });
}

/** A zip holding the given files; a fixed mtime makes equal sources give equal bytes (and CodeSha256). */
export function zipOf(files: Record<string, string>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)])), {
    mtime: "2026-01-01T00:00:00Z",
  });
}

/** A Node.js handler package. */
export function nodeZip(source = "exports.handler = async (event) => ({ ok: true, event });"): Uint8Array {
  return zipOf({ "index.js": source });
}

/** Base64 SHA-256, as Lambda's CodeSha256. */
export function sha256b64(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("base64");
}

/** Calls `fn` and returns the error it throws (fails the test if it does not throw). */
export async function errorOf(fn: () => Promise<unknown>): Promise<
  {
    name: string;
    message: string;
    $metadata: { httpStatusCode?: number };
    $response?: { headers: Record<string, string> };
  } & Record<string, unknown>
> {
  try {
    await fn();
  } catch (err) {
    return err as never;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

/**
 * A SigV4-signed request built by hand (independent of the SDK), to send bodies the SDK never would and
 * read the raw reply. `path` must be in canonical (already-encoded) form.
 */
export async function signedFetch(
  baseUrl: string,
  opts: { method: string; path: string; body?: string | Buffer; headers?: Record<string, string>; region?: string },
): Promise<{ status: number; headers: Headers; text: string; json: () => Record<string, unknown> }> {
  const u = new URL(opts.path, baseUrl);
  const amzDate = new Date()
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
  const date = amzDate.slice(0, 8);
  const region = opts.region ?? "us-east-1";
  const body = opts.body ?? "";
  const headers: Record<string, string> = { host: u.host, "x-amz-date": amzDate, ...(opts.headers ?? {}) };
  const names = Object.keys(headers)
    .map((h) => h.toLowerCase())
    .sort();
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const query = [...u.searchParams.entries()]
    .map(([k, v]) => [encodeURIComponent(k), encodeURIComponent(v)])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const canonical = [
    opts.method,
    u.pathname
      .split("/")
      .map((s) => encodeURIComponent(s))
      .join("/"),
    query,
    names.map((n) => `${n}:${lower[n]}\n`).join(""),
    names.join(";"),
    createHash("sha256").update(body).digest("hex"),
  ].join("\n");
  const scope = `${date}/${region}/lambda/aws4_request`;
  const sts = ["AWS4-HMAC-SHA256", amzDate, scope, createHash("sha256").update(canonical).digest("hex")].join("\n");
  let k: Buffer = createHmac("sha256", "AWS4test").update(date).digest();
  for (const part of [region, "lambda", "aws4_request"]) k = createHmac("sha256", k).update(part).digest();
  const sig = createHmac("sha256", k).update(sts).digest("hex");
  headers.authorization = `AWS4-HMAC-SHA256 Credential=test/${scope}, SignedHeaders=${names.join(";")}, Signature=${sig}`;
  // Bytes, never a string: fetch would label a string text/plain, which the emulator refuses (docs/security.md promise
  // 13).
  const bytes = new Uint8Array(typeof body === "string" ? Buffer.from(body) : body);
  const res = await fetch(u, { method: opts.method, headers, body: opts.method === "GET" ? undefined : bytes });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) as Record<string, unknown> };
}
