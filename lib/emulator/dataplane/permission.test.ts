import { describe, expect, it } from "vitest";
import type { FunctionPolicy, PolicyStatement } from "../model";
import { apiGatewayMayInvoke, executeApiSourceArn, wildcardMatch } from "./permission";

const ARN = executeApiSourceArn("us-east-1", "000000000000", "abc123defg", "prod", "GET", "/files/{name}");
const stmt = (over: Partial<PolicyStatement> = {}): PolicyStatement => ({
  Sid: "apigw",
  Effect: "Allow",
  Principal: { Service: "apigateway.amazonaws.com" },
  Action: "lambda:InvokeFunction",
  Resource: "arn:aws:lambda:us-east-1:000000000000:function:f",
  ...over,
});
const policy = (...statements: PolicyStatement[]): FunctionPolicy => ({ revisionId: "r", statements });
const arnLike = (v: string) => ({ ArnLike: { "AWS:SourceArn": v } });

describe("permission (docs/aws-binary-rules.md §7, §10)", () => {
  it("builds the execute-api SourceArn without the resource path's leading slash", () => {
    expect(ARN).toBe("arn:aws:execute-api:us-east-1:000000000000:abc123defg/prod/GET/files/{name}");
  });

  it.each([
    ["a*c", "abbbc", true],
    ["a*c", "ac", true],
    ["a?c", "abc", true],
    ["a?c", "ac", false],
    ["*", "", true],
    ["abc", "abd", false],
    ["arn:*:abc/*/*/*", "arn:x:abc/prod/GET/image", true],
    ["arn:*:abc/*/GET/image", "arn:x:abc/prod/POST/image", false],
  ])("wildcardMatch(%s, %s) = %s", (p, v, want) => {
    expect(wildcardMatch(p, v)).toBe(want);
  });

  it.each([
    ["no policy", undefined, false],
    ["allow without condition", policy(stmt()), true],
    [
      "ArnLike */*/*",
      policy(stmt({ Condition: arnLike("arn:aws:execute-api:us-east-1:000000000000:abc123defg/*/*/*") })),
      true,
    ],
    [
      "ArnLike exact method+path",
      policy(stmt({ Condition: arnLike("arn:aws:execute-api:us-east-1:000000000000:abc123defg/*/GET/files/*") })),
      true,
    ],
    [
      "ArnLike other API",
      policy(stmt({ Condition: arnLike("arn:aws:execute-api:us-east-1:000000000000:zzzzzzzzzz/*/*/*") })),
      false,
    ],
    [
      "ArnLike other method",
      policy(stmt({ Condition: arnLike("arn:aws:execute-api:us-east-1:000000000000:abc123defg/*/POST/*") })),
      false,
    ],
    ["other principal", policy(stmt({ Principal: { Service: "s3.amazonaws.com" } })), false],
    ["other action", policy(stmt({ Action: "lambda:GetFunction" })), false],
    ["lambda:* action", policy(stmt({ Action: "lambda:*" })), true],
    [
      "second statement allows",
      policy(stmt({ Principal: { Service: "sns.amazonaws.com" } }), stmt({ Sid: "b" })),
      true,
    ],
  ])("%s → %s", (_name, p, want) => {
    expect(apiGatewayMayInvoke(p, ARN, "000000000000")).toBe(want);
  });
});
