import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHash, createHmac } from "node:crypto";
import { GetRestApisCommand } from "@aws-sdk/client-api-gateway";
import { apigw, errorOf, freshEmulator } from "./helpers";

type Emu = Awaited<ReturnType<typeof freshEmulator>>;
let emu: Emu;

beforeAll(async () => {
  emu = await freshEmulator();
});
afterAll(async () => {
  await emu?.dispose();
});

/** Signs a request by hand (independent of the SDK) so tests can forge headers and bodies. */
function signed(url: string, opts: { method?: string; body?: string; service?: string; region?: string; key?: string; secret?: string; path: string; headers?: Record<string, string> }) {
  const u = new URL(opts.path, url);
  const amzDate = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
  const date = amzDate.slice(0, 8);
  const region = opts.region ?? "us-east-1";
  const service = opts.service ?? "apigateway";
  const body = opts.body ?? "";
  const headers: Record<string, string> = { host: u.host, "x-amz-date": amzDate, ...(opts.headers ?? {}) };
  const names = Object.keys(headers).map((h) => h.toLowerCase()).sort();
  const canonical = [
    opts.method ?? "GET",
    u.pathname,
    "",
    names.map((n) => `${n}:${headers[Object.keys(headers).find((k) => k.toLowerCase() === n)!]}\n`).join(""),
    names.join(";"),
    createHash("sha256").update(body).digest("hex"),
  ].join("\n");
  const scope = `${date}/${region}/${service}/aws4_request`;
  const sts = ["AWS4-HMAC-SHA256", amzDate, scope, createHash("sha256").update(canonical).digest("hex")].join("\n");
  let k: Buffer = createHmac("sha256", `AWS4${opts.secret ?? "test"}`).update(date).digest();
  for (const part of [region, service, "aws4_request"]) k = createHmac("sha256", k).update(part).digest();
  const sig = createHmac("sha256", k).update(sts).digest("hex");
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${opts.key ?? "test"}/${scope}, SignedHeaders=${names.join(";")}, Signature=${sig}`;
  return fetch(u, { method: opts.method ?? "GET", headers, body: opts.body });
}

describe("admin endpoints", () => {
  it("GET /_binarygate/health answers without a signature", async () => {
    const res = await fetch(`${emu.url}/_binarygate/health`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.ok).toBe(true);
    expect(body.accountId).toBe("000000000000");
  });

  it("metrics count signed calls per service and errors by type", async () => {
    await errorOf(() => apigw(emu.url, { secretAccessKey: "wrong" }).send(new GetRestApisCommand({})));
    const m = await (await fetch(`${emu.url}/_binarygate/metrics`)).json();
    expect(m.errors.apigateway.InvalidSignatureException).toBeGreaterThanOrEqual(1);
    expect(typeof m.startedAt).toBe("string");
  });

  it("fault rules validate their body and refuse browser requests", async () => {
    const bad = await fetch(`${emu.url}/_binarygate/faults`, { method: "POST", body: JSON.stringify({ operation: "X", times: 0, kind: "throttle" }) });
    expect(bad.status).toBe(400);
    const notJson = await fetch(`${emu.url}/_binarygate/faults`, { method: "POST", body: "{" });
    expect(notJson.status).toBe(400);
    const browser = await fetch(`${emu.url}/_binarygate/faults`, { method: "DELETE", headers: { origin: "http://evil.example" } });
    expect(browser.status).toBe(403);
    const unknown = await fetch(`${emu.url}/_binarygate/nope`);
    expect(unknown.status).toBe(404);
  });
});

describe("SigV4", () => {
  it("a request without Authorization gets 403 MissingAuthenticationTokenException", async () => {
    const res = await fetch(`${emu.url}/restapis`);
    expect(res.status).toBe(403);
    expect(res.headers.get("x-amzn-errortype")).toBe("MissingAuthenticationTokenException");
    expect(await res.json()).toEqual({ message: "Missing Authentication Token" });
  });

  it("a wrong access key gets UnrecognizedClientException", async () => {
    const err = await errorOf(() => apigw(emu.url, { accessKeyId: "someone" }).send(new GetRestApisCommand({})));
    expect(err.name).toBe("UnrecognizedClientException");
    expect(err.$metadata?.httpStatusCode).toBe(403);
    expect(err.message).toBe("The security token included in the request is invalid.");
  });

  it("a wrong secret gets InvalidSignatureException", async () => {
    const err = await errorOf(() => apigw(emu.url, { secretAccessKey: "not-test" }).send(new GetRestApisCommand({})));
    expect(err.name).toBe("InvalidSignatureException");
    expect(err.$metadata?.httpStatusCode).toBe(403);
    expect(err.message).toBe(
      "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
    );
  });

  it("an access key that looks like a real AWS key is refused, saying why", async () => {
    const err = await errorOf(() => apigw(emu.url, { accessKeyId: "AKIAIOSFODNN7EXAMPLE" }).send(new GetRestApisCommand({})));
    expect(err.name).toBe("UnrecognizedClientException");
    expect(err.message).toMatch(/never accepts real AWS credentials/);
    expect(err.message).not.toContain("IOSFODNN7EXAMPLE");
  });

  it("a hand-signed request verifies; the same request with a tampered body does not", async () => {
    const ok = await signed(emu.url, { path: "/restapis", headers: { accept: "application/json" } });
    expect(ok.status).not.toBe(403);
    const tampered = await signed(emu.url, {
      method: "POST",
      path: "/restapis",
      body: '{"name":"a"}',
      headers: { "content-type": "application/json", "x-amz-content-sha256": createHash("sha256").update('{"name":"b"}').digest("hex") },
    });
    expect(tampered.status).toBe(403);
    expect(tampered.headers.get("x-amzn-errortype")).toBe("InvalidSignatureException");
  });

  it("a request signed for another service is refused clearly", async () => {
    const res = await signed(emu.url, { path: "/", service: "s3" });
    expect(res.status).toBe(404);
    expect(res.headers.get("x-amzn-errortype")).toBe("UnknownOperationException");
  });

  it("keeps serving after a malformed Authorization header", async () => {
    const res = await fetch(`${emu.url}/restapis`, { headers: { authorization: "AWS4-HMAC-SHA256 garbage" } });
    expect(res.status).toBe(403);
    expect(res.headers.get("x-amzn-errortype")).toBe("IncompleteSignatureException");
    expect((await fetch(`${emu.url}/_binarygate/health`)).status).toBe(200);
  });
});
