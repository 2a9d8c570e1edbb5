import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { GetRestApisCommand } from "@aws-sdk/client-api-gateway";
import { apigw, errorOf, signed } from "./helpers";
import { useEmulator } from "../../support/emulator";

const emu = useEmulator();

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
    const bad = await fetch(`${emu.url}/_binarygate/faults`, {
      method: "POST",
      body: JSON.stringify({ operation: "X", times: 0, kind: "throttle" }),
    });
    expect(bad.status).toBe(400);
    const notJson = await fetch(`${emu.url}/_binarygate/faults`, { method: "POST", body: "{" });
    expect(notJson.status).toBe(400);
    const browser = await fetch(`${emu.url}/_binarygate/faults`, {
      method: "DELETE",
      headers: { origin: "http://evil.example" },
    });
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
    const err = await errorOf(() =>
      apigw(emu.url, { accessKeyId: "AKIAIOSFODNN7EXAMPLE" }).send(new GetRestApisCommand({})),
    );
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
      headers: {
        "content-type": "application/json",
        "x-amz-content-sha256": createHash("sha256").update('{"name":"b"}').digest("hex"),
      },
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
    const basic = await fetch(`${emu.url}/restapis`, { headers: { authorization: "Basic dGVzdDp0ZXN0" } });
    expect(basic.status).toBe(403);
    expect((await basic.json()).message).toMatch(/Signature Version 4/);
    expect((await fetch(`${emu.url}/_binarygate/health`)).status).toBe(200);
  });
});
