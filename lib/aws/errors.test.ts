import { afterEach, describe, expect, it } from "vitest";
import { resetConfigForTests } from "@/lib/config";
import { toFailure, type CallContext } from "./errors";

// Error shapes as the SDK builds them from the wire (name from x-amzn-ErrorType, $metadata from the response).
const svc = (name: string, status: number, message = "raw service text") =>
  Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status, requestId: "req-1" } });

const aws: CallContext = {
  operation: "UpdateRestApi",
  region: "eu-west-1",
  subject: "REST API abc123defg",
  iamAction: "apigateway:PATCH on arn:aws:apigateway:eu-west-1::/restapis/abc123defg",
  target: "aws",
};
const local: CallContext = { ...aws, target: "local", endpoint: "http://127.0.0.1:4599" };

afterEach(() => {
  delete process.env.AWS_PROFILE;
  resetConfigForTests();
});

describe("toFailure (docs/security.md promise 9)", () => {
  it("access denied names the IAM action", () => {
    const f = toFailure(svc("AccessDeniedException", 403), aws);
    expect(f.code).toBe("access-denied");
    expect(f.iamAction).toBe("apigateway:PATCH on arn:aws:apigateway:eu-west-1::/restapis/abc123defg");
    expect(f.message).toContain("apigateway:PATCH on arn:aws:apigateway:eu-west-1::/restapis/abc123defg");
  });

  it("expired SSO credentials say which aws sso login to run", () => {
    process.env.AWS_PROFILE = "prod-admin";
    resetConfigForTests();
    for (const err of [
      svc("ExpiredTokenException", 403),
      Object.assign(new Error("The SSO session associated with this profile has expired"), {
        name: "CredentialsProviderError",
      }),
      Object.assign(new Error("Token is expired"), { name: "TokenProviderError" }),
    ]) {
      const f = toFailure(err, aws);
      expect(f.code).toBe("credentials-expired");
      expect(f.message).toContain("aws sso login --profile prod-admin");
    }
  });

  it("connection refused on the local target says how to start the emulator", () => {
    const err = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:4599"), { code: "ECONNREFUSED" });
    const f = toFailure(err, local);
    expect(f).toEqual({
      code: "target-unreachable",
      message:
        "The local emulator at http://127.0.0.1:4599 is not reachable (ECONNREFUSED). Start it with “npm run emulator” " +
        "(or “npm start”, which runs both), or point BINARYGATE_EMULATOR_URL at the one you run.",
    });
    // Nested causes (undici/AggregateError) are found too.
    const nested = Object.assign(new Error("fetch failed"), { cause: { errors: [{ code: "ECONNREFUSED" }] } });
    expect(toFailure(nested, local).code).toBe("target-unreachable");
  });

  it("an unreachable custom endpoint is named; no message shows literal backticks", () => {
    const err = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    expect(toFailure(err, { ...aws, endpoint: "http://localhost:4566" }).message).toContain(
      "The endpoint http://localhost:4566 (AWS_ENDPOINT_URL) is not reachable",
    );
    const names = [
      "ExpiredTokenException",
      "CredentialsProviderError",
      "UnrecognizedClientException",
      "AccessDeniedException",
      "NotFoundException",
    ];
    for (const ctx of [aws, local]) {
      for (const name of names) expect(toFailure(svc(name, 403), ctx).message).not.toContain("`");
      expect(toFailure(err, ctx).message).not.toContain("`");
    }
  });

  it.each([
    ["NotFoundException", 404, "not-found", "REST API abc123defg was not found in AWS eu-west-1."],
    ["TooManyRequestsException", 429, "throttled", undefined],
    ["LimitExceededException", 429, "throttled", undefined],
    ["ConflictException", 409, "conflict", undefined],
  ] as const)("%s → %s", (name, status, code, message) => {
    const f = toFailure(svc(name, status), aws);
    expect(f.code).toBe(code);
    if (message) expect(f.message).toBe(message);
    expect(f.message).not.toContain("raw service text");
  });

  it("an unexpected error never shows the SDK's message", () => {
    const f = toFailure(svc("InternalFailure", 500, "stack-ish internal detail at Foo.bar"), aws);
    expect(f.code).toBe("unknown");
    expect(f.message).toBe(
      "UpdateRestApi failed unexpectedly (HTTP 500), request id req-1. The server log has details.",
    );
    expect(toFailure(new TypeError("x is undefined"), aws).message).not.toContain("x is undefined");
  });
});
