import { createHash, createHmac } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { CreateApiKeyCommand, CreateUsagePlanCommand, CreateUsagePlanKeyCommand } from "@aws-sdk/client-api-gateway";
import { type RunningEmulator, startEmulator } from "@/lib/emulator";
import { createProxyApi, createProxyFunction, emulatorClients } from "../support/proxy-api";

// Protected stages (issue 16): POST /api/preview carries extra request headers, a body and an opt-in SigV4
// signature to the stage, against a REAL emulator whose method requires an API key, and a Lambda that echoes
// what it received. The secret never shows up in a log line or in the route's answer headers.

const REGION = "us-east-1";
const SECRET = "partner-key-s3cr3t-0123456789";
const ECHO = `exports.handler = async (event) => ({
  statusCode: 200,
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify({
    method: event.httpMethod, headers: event.headers, body: event.body, b64: event.isBase64Encoded,
  }),
});`;

let emu: RunningEmulator;
let stateDir: string;
let apiId: string;
let POST: (req: Request) => Promise<Response>;
let GET: (req: Request) => Promise<Response>;

const ORIGIN = "http://127.0.0.1:3000";

function post(fields: Record<string, unknown>, init: { origin?: string | null; type?: string } = {}): Request {
  const headers: Record<string, string> = { host: "127.0.0.1:3000", "content-type": init.type ?? "application/json" };
  if (init.origin !== null) headers.origin = init.origin ?? ORIGIN;
  const body = JSON.stringify({
    region: REGION,
    apiId,
    stage: "prod",
    method: "GET",
    accept: "application/json",
    ...fields,
  });
  return new Request(`${ORIGIN}/api/preview`, { method: "POST", headers, body });
}

interface Echo {
  method: string;
  headers: Record<string, string>;
  body: string | null;
  b64: boolean;
}

async function upstream(res: Response): Promise<{ status: number; json: unknown; raw: Response }> {
  const text = await res.text();
  return { status: Number(res.headers.get("x-binarygate-upstream-status")), json: JSON.parse(text), raw: res };
}

beforeAll(async () => {
  stateDir = await mkdtemp(join(tmpdir(), "binarygate-protected-"));
  emu = await startEmulator({ port: 0, stateDir, seed: false });
  process.env.BINARYGATE_EMULATOR_URL = emu.url;
  delete process.env.BINARYGATE_TARGET;
  const c = emulatorClients(emu.url, REGION);
  const functionArn = await createProxyFunction(c, "protected-echo", { "index.js": ECHO });
  apiId = await createProxyApi(
    c,
    "protected",
    [],
    [
      { path: "/secret", functionArn, apiKeyRequired: true },
      { path: "/echo", method: "POST", functionArn },
      { path: "/iam", functionArn, authorizationType: "AWS_IAM" },
    ],
  );
  const key = await c.apigw.send(new CreateApiKeyCommand({ name: "partner", enabled: true, value: SECRET }));
  const plan = await c.apigw.send(new CreateUsagePlanCommand({ name: "p", apiStages: [{ apiId, stage: "prod" }] }));
  await c.apigw.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id!, keyId: key.id!, keyType: "API_KEY" }));
  c.destroy();
  ({ POST, GET } = await import("@/app/api/preview/route"));
}, 60_000);

afterAll(async () => {
  await emu?.close();
  if (stateDir) await rm(stateDir, { recursive: true, force: true });
});

describe("a stage that requires an API key", () => {
  it("answers 403 Forbidden to the anonymous preview, as AWS does", async () => {
    const q = new URLSearchParams({
      region: REGION,
      apiId,
      stage: "prod",
      method: "GET",
      accept: "application/json",
      path: "/secret",
    });
    const res = await GET(new Request(`${ORIGIN}/api/preview?${q}`, { headers: { host: "127.0.0.1:3000" } }));
    const got = await upstream(res);
    expect(got.status).toBe(403);
    expect(got.json).toEqual({ message: "Forbidden" });
  });

  it("opens to the preview with x-api-key: the header reaches the stage and is logged nowhere", async () => {
    const spies = (["log", "info", "warn", "error", "debug"] as const).map((m) => vi.spyOn(console, m));
    try {
      const res = await POST(post({ path: "/secret", headers: [{ name: "X-Api-Key", value: SECRET }] }));
      expect(res.status).toBe(200);
      const got = await upstream(res);
      expect(got.status).toBe(200);
      expect((got.json as Echo).headers["x-api-key"] ?? (got.json as Echo).headers["X-Api-Key"]).toBe(SECRET);
      // The route's own answer carries the stage's response headers, never the request's.
      for (const [, v] of got.raw.headers) expect(v).not.toContain(SECRET);
      for (const spy of spies) expect(JSON.stringify(spy.mock.calls)).not.toContain(SECRET);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });

  it("a wrong key still gets the stage's 403", async () => {
    const got = await upstream(
      await POST(post({ path: "/secret", headers: [{ name: "x-api-key", value: "wrong-key-000000000000" }] })),
    );
    expect(got.status).toBe(403);
  });
});

describe("a request body for POST previews", () => {
  it("sends the body with its Content-Type to a POST method", async () => {
    const body = JSON.stringify({ order: 42, note: "ünïcode" });
    const got = await upstream(
      await POST(
        post({ path: "/echo", method: "POST", body, headers: [{ name: "Content-Type", value: "application/json" }] }),
      ),
    );
    expect(got.status).toBe(200);
    const echo = got.json as Echo;
    expect(echo).toMatchObject({ method: "POST", body, b64: false });
    expect(echo.headers["Content-Type"] ?? echo.headers["content-type"]).toBe("application/json");
  });
});

describe("POST /api/preview refusals (before anything reaches a stage)", () => {
  it.each([
    [{ path: "/secret", method: "GET", body: "x" }, "body", "a request body is sent only with POST, PUT or PATCH"],
    [{ path: "/secret", headers: [{ name: "Host", value: "evil.example" }] }, "headers", "set by the preview itself"],
    [{ path: "/secret", headers: [{ name: "x-api-key", value: `${SECRET}\r\nx: y` }] }, "headers", "printable ASCII"],
    [{ path: "/secret", headers: [{ name: "bad name", value: "v" }] }, "headers", "letters, digits"],
    [{ path: "/iam", sign: true, headers: [{ name: "Authorization", value: "Bearer x" }] }, "headers", "SigV4"],
    [{ path: "/secret", url: "http://169.254.169.254/" }, "url", "never a URL"],
  ])("refuses %j", async (fields, field, message) => {
    const res = await POST(post(fields));
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).not.toContain(SECRET); // a refusal names the rule, never echoes a value
    expect((JSON.parse(text) as { fieldErrors: Record<string, string> }).fieldErrors[field]).toContain(message);
  });

  it("refuses a POST without this Origin, and anything but JSON", async () => {
    expect((await POST(post({ path: "/secret" }, { origin: null }))).status).toBe(403);
    expect((await POST(post({ path: "/secret" }, { origin: "https://evil.example" }))).status).toBe(403);
    expect((await POST(post({ path: "/secret" }, { type: "text/plain" }))).status).toBe(415);
  });
});

describe("SigV4 signing with the dashboard's own credentials (opt-in)", () => {
  it("is absent unless asked for", async () => {
    const echo = (await upstream(await POST(post({ path: "/iam" })))).json as Echo;
    expect(lower(echo.headers).authorization).toBeUndefined();
  });

  it("signs for execute-api in the stage's region, and the signature verifies independently", async () => {
    const echo = (await upstream(await POST(post({ path: "/iam", sign: true })))).json as Echo;
    const h = lower(echo.headers);
    const AUTH = new RegExp(
      "^AWS4-HMAC-SHA256 Credential=test/(\\d{8})/us-east-1/execute-api/aws4_request, " +
        "SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$",
    );
    const m = AUTH.exec(h.authorization ?? "");
    expect(m, h.authorization).not.toBeNull();
    const [, date, signedHeaders, signature] = m!;
    expect(signedHeaders.split(";")).toEqual(expect.arrayContaining(["accept", "host", "x-amz-date"]));
    // Recomputed by hand from what the Lambda received (test/test are the emulator target's credentials).
    const path = `/_aws/execute-api/${apiId}/prod/iam`;
    const canonical = [
      "GET",
      path,
      "",
      ...signedHeaders.split(";").map((n) => `${n}:${h[n].trim()}`),
      "",
      signedHeaders,
      h["x-amz-content-sha256"] ?? createHash("sha256").update("").digest("hex"),
    ].join("\n");
    const scope = `${date}/us-east-1/execute-api/aws4_request`;
    const sts = ["AWS4-HMAC-SHA256", h["x-amz-date"], scope, createHash("sha256").update(canonical).digest("hex")].join(
      "\n",
    );
    let k: Buffer = createHmac("sha256", "AWS4test").update(date).digest();
    for (const part of ["us-east-1", "execute-api", "aws4_request"]) k = createHmac("sha256", k).update(part).digest();
    expect(createHmac("sha256", k).update(sts).digest("hex")).toBe(signature);
  });
});

function lower(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
