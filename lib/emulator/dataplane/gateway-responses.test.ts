import { describe, expect, it } from "vitest";
import {
  ApiConfigurationError,
  EdgeRequestTooLarge,
  ForbiddenStage,
  type GatewayResponse,
  gatewayResponseToHttp,
  IntegrationFailure,
  IntegrationTimeout,
  InternalServerError,
  MissingAuthenticationToken,
  RequestTooLarge,
} from "./gateway-responses";

// [response, status, body, x-amzn-ErrorType]
const CASES: [GatewayResponse, number, string, string | undefined][] = [
  [new ForbiddenStage(), 403, '{"message": "Forbidden"}', "ForbiddenException"],
  [
    new MissingAuthenticationToken(),
    403,
    '{"message": "Missing Authentication Token"}',
    "MissingAuthenticationTokenException",
  ],
  [new RequestTooLarge(), 413, '{"message": "Request Too Long"}', "BadRequestException"],
  [new IntegrationFailure(), 502, '{"message": "Internal server error"}', "InternalServerErrorException"],
  [new IntegrationTimeout(), 504, '{"message": "Endpoint request timed out"}', undefined],
  [new ApiConfigurationError(), 500, '{"message": "Internal server error"}', "InternalServerErrorException"],
  [new InternalServerError(), 500, '{"message": "Internal server error"}', "InternalServerErrorException"],
];

describe("gateway responses map to AWS's default answers", () => {
  it.each(CASES)("%s → %i", (e, status, body, errorType) => {
    const http = gatewayResponseToHttp(e);
    expect(http.statusCode).toBe(status);
    expect(Buffer.from(http.body).toString("utf8")).toBe(body);
    expect(http.headers["content-type"]).toEqual(["application/json"]);
    expect(http.headers["x-amzn-errortype"]).toEqual(errorType ? [errorType] : undefined);
    expect(http.edge).toBe(false);
  });

  it("the edge's oversize answer is plain text and closes the connection", () => {
    const http = gatewayResponseToHttp(new EdgeRequestTooLarge());
    expect(http.statusCode).toBe(413);
    expect(Buffer.from(http.body).toString("utf8")).toBe("HTTP content length exceeded 10485760 bytes.");
    expect(http.edge).toBe(true);
  });

  it("keeps the detail for logs out of the body", () => {
    const e = new IntegrationFailure("the function failed: Runtime.ExitError");
    expect(e.name).toBe("IntegrationFailure");
    expect(e.detail).toBe("the function failed: Runtime.ExitError");
    expect(Buffer.from(gatewayResponseToHttp(e).body).toString("utf8")).not.toContain("ExitError");
  });
});
