// Shared helpers for the emulator's integration tests: a fresh emulator on an ephemeral port and a temp dir.
import { createHash, createHmac } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { APIGatewayClient } from "@aws-sdk/client-api-gateway";
import { startTestEmulator, type TestEmulator } from "../../support/emulator";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

/** A temp state directory, removed by the returned cleanup. */
export async function tempDir(prefix = "bg-emu-"): Promise<string> {
  return mkdtemp(path.join(tmpdir(), prefix));
}

/** Starts an emulator on 127.0.0.1:0 with a fresh state dir (one implementation: test/support/emulator.ts). */
export function freshEmulator(): Promise<TestEmulator> {
  return startTestEmulator();
}

/** A real API Gateway client pointed at the emulator (no retries, so injected faults surface). */
export function apigw(
  url: string,
  opts: { region?: string; accessKeyId?: string; secretAccessKey?: string; maxAttempts?: number } = {},
): APIGatewayClient {
  return new APIGatewayClient({
    endpoint: url,
    region: opts.region ?? "us-east-1",
    credentials: { accessKeyId: opts.accessKeyId ?? "test", secretAccessKey: opts.secretAccessKey ?? "test" },
    maxAttempts: opts.maxAttempts ?? 1,
  });
}

/** Calls `fn` and returns the error it throws (fails the test if it does not throw). */
export async function errorOf(
  fn: () => Promise<unknown>,
): Promise<
  { name: string; message: string; $metadata?: { httpStatusCode?: number }; $response?: unknown } & Record<
    string,
    unknown
  >
> {
  try {
    await fn();
  } catch (err) {
    return err as never;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

/** Signs a request by hand (independent of the SDK) so tests can forge headers and bodies. */
export function signed(
  url: string,
  opts: {
    method?: string;
    body?: string;
    service?: string;
    region?: string;
    key?: string;
    secret?: string;
    path: string;
    headers?: Record<string, string>;
  },
) {
  const u = new URL(opts.path, url);
  const amzDate = new Date()
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
  const date = amzDate.slice(0, 8);
  const region = opts.region ?? "us-east-1";
  const service = opts.service ?? "apigateway";
  const body = opts.body ?? "";
  const headers: Record<string, string> = { host: u.host, "x-amz-date": amzDate, ...(opts.headers ?? {}) };
  const names = Object.keys(headers)
    .map((h) => h.toLowerCase())
    .sort();
  const canonical = [
    opts.method ?? "GET",
    u.pathname,
    "",
    // SigV4: values trimmed, runs of spaces folded to one.
    names
      .map(
        (n) =>
          `${n}:${headers[Object.keys(headers).find((k) => k.toLowerCase() === n)!].trim().replace(/\s+/g, " ")}\n`,
      )
      .join(""),
    names.join(";"),
    createHash("sha256").update(body).digest("hex"),
  ].join("\n");
  const scope = `${date}/${region}/${service}/aws4_request`;
  const sts = ["AWS4-HMAC-SHA256", amzDate, scope, createHash("sha256").update(canonical).digest("hex")].join("\n");
  let k: Buffer = createHmac("sha256", `AWS4${opts.secret ?? "test"}`)
    .update(date)
    .digest();
  for (const part of [region, service, "aws4_request"]) k = createHmac("sha256", k).update(part).digest();
  const sig = createHmac("sha256", k).update(sts).digest("hex");
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${opts.key ?? "test"}/${scope}, SignedHeaders=${names.join(";")}, Signature=${sig}`;
  // Bytes, never a string: fetch would label a string text/plain, which the emulator refuses (docs/security.md promise
  // 13).
  return fetch(u, {
    method: opts.method ?? "GET",
    headers,
    body: opts.body === undefined ? undefined : Buffer.from(opts.body),
  });
}
