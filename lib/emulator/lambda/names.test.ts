// Function-name forms and routing of the Lambda control plane (docs/aws-binary-rules.md §7; docs/development.md §4:
// %3A, trailing slash on ListFunctions, endpoint path prefixes).
import { describe, expect, it } from "vitest";
import { AwsError } from "../errors";
import { matchRoute } from "./index";
import { newFunctionName, parseFunctionName, resolveFunctionRef } from "./names";

const ACCT = "000000000000";
const arn = (n: string) => `arn:aws:lambda:us-east-1:${ACCT}:function:${n}`;

function thrown(fn: () => unknown): AwsError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AwsError) return err;
    throw err;
  }
  throw new Error("expected an AwsError");
}

describe("parseFunctionName", () => {
  it.each([
    ["hello", { name: "hello" }],
    ["hello:$LATEST", { name: "hello", qualifier: "$LATEST" }],
    ["hello:prod", { name: "hello", qualifier: "prod" }],
    [`${ACCT}:function:hello`, { name: "hello", account: ACCT }],
    [arn("hello"), { name: "hello", account: ACCT, region: "us-east-1" }],
    [`${arn("hello")}:7`, { name: "hello", account: ACCT, region: "us-east-1", qualifier: "7" }],
    [
      "arn:aws-cn:lambda:cn-north-1:123456789012:function:x_y-z",
      { name: "x_y-z", account: "123456789012", region: "cn-north-1" },
    ],
  ])("%s", (input, expected) => {
    const ref = parseFunctionName(input);
    expect({
      name: ref.name,
      ...(ref.qualifier ? { qualifier: ref.qualifier } : {}),
      ...(ref.account ? { account: ref.account } : {}),
      ...(ref.region ? { region: ref.region } : {}),
    }).toEqual(expected);
  });

  it.each(["", "has space", "a/b", "x".repeat(171), "arn:aws:s3:::bucket"])(
    "refuses %j with ValidationException",
    (input) => {
      const err = thrown(() => parseFunctionName(input));
      expect(err.status).toBe(400);
      expect(err.type).toBe("ValidationException");
      expect(err.message).toMatch(
        /^1 validation error detected: Value '.*' at 'functionName' failed to satisfy constraint: /s,
      );
    },
  );
});

describe("resolveFunctionRef", () => {
  it("accepts $LATEST from the name or the query", () => {
    expect(resolveFunctionRef("hello:$LATEST", null, "us-east-1", ACCT)).toEqual({
      name: "hello",
      qualifier: "$LATEST",
    });
    expect(resolveFunctionRef(arn("hello"), "$LATEST", "us-east-1", ACCT)).toEqual({
      name: "hello",
      qualifier: "$LATEST",
    });
  });

  it("404s other qualifiers with the qualified ARN (no versions or aliases)", () => {
    const err = thrown(() => resolveFunctionRef("hello", "prod", "us-east-1", ACCT));
    expect([err.status, err.type, err.message]).toEqual([
      404,
      "ResourceNotFoundException",
      `Function not found: ${arn("hello")}:prod`,
    ]);
    expect(err.body()).toEqual({ Type: "User", Message: `Function not found: ${arn("hello")}:prod` });
  });

  it("refuses a name qualifier that contradicts ?Qualifier=", () => {
    const err = thrown(() => resolveFunctionRef("hello:a", "b", "us-east-1", ACCT));
    expect([err.status, err.type]).toEqual([400, "InvalidParameterValueException"]);
  });

  it("does not find a function through another region's or account's ARN", () => {
    const other = thrown(() =>
      resolveFunctionRef("arn:aws:lambda:eu-west-1:000000000000:function:hello", null, "us-east-1", ACCT),
    );
    expect(other.message).toBe("Function not found: arn:aws:lambda:eu-west-1:000000000000:function:hello");
    const acct = thrown(() => resolveFunctionRef("111111111111:function:hello", null, "us-east-1", ACCT));
    expect(acct.status).toBe(404);
  });
});

describe("newFunctionName", () => {
  it("takes a name or an ARN of this region and account", () => {
    expect(newFunctionName("hello", "us-east-1", ACCT)).toBe("hello");
    expect(newFunctionName(arn("hello"), "us-east-1", ACCT)).toBe("hello");
  });
  it.each([
    ["hello:prod", "InvalidParameterValueException"],
    ["a.b", "ValidationException"],
    ["x".repeat(65), "ValidationException"],
    ["arn:aws:lambda:eu-west-1:000000000000:function:hello", "InvalidParameterValueException"],
  ])("refuses %s", (input, type) => {
    expect(thrown(() => newFunctionName(input, "us-east-1", ACCT)).type).toBe(type);
  });
});

describe("matchRoute", () => {
  it.each([
    ["GET", "/2015-03-31/functions/", { key: "GET " }],
    ["POST", "/2015-03-31/functions", { key: "POST " }],
    ["GET", "/2015-03-31/functions/hello", { key: "GET fn", name: "hello" }],
    [
      "GET",
      "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Ahello/policy",
      { key: "GET fn/policy", name: "arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Ahello" },
    ],
    [
      "DELETE",
      "/2015-03-31/functions/hello/policy/apigw",
      { key: "DELETE fn/policy/sid", name: "hello", extra: "apigw" },
    ],
    ["POST", "/emu/lambda//2015-03-31/functions/hello/invocations", { key: "POST fn/invocations", name: "hello" }],
    ["PUT", "/2015-03-31/functions/hello/code", { key: "PUT fn/code", name: "hello" }],
  ])("%s %s", (method, path, expected) => {
    expect(matchRoute(method, path)).toEqual(expected);
  });

  it.each(["/restapis", "/2015-03-31/functionsX", "/2015-03-31/functions/a/b/c/d", "/2015-03-31/functions/a/code/x"])(
    "does not route %s",
    (path) => {
      expect(matchRoute("GET", path)).toBeNull();
    },
  );
});
