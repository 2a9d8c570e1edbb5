import { describe, expect, it } from "vitest";
import {
  addPermissionFix,
  checkPermission,
  executeApiSourceArn,
  findAllowingStatement,
  type PolicyStatementLike,
  parseExecuteApiArn,
  policyStatements,
} from "./permission";

const ACCOUNT = "123456789012";
const API = "abc123defg";
const ARN = executeApiSourceArn("eu-west-1", ACCOUNT, API, "prod", "GET", "/files/{name}");
const stmt = (over: Partial<PolicyStatementLike> = {}): PolicyStatementLike => ({
  Sid: "apigw",
  Effect: "Allow",
  Principal: { Service: "apigateway.amazonaws.com" },
  Action: "lambda:InvokeFunction",
  Resource: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:f`,
  ...over,
});
const arnLike = (v: string) => ({ ArnLike: { "AWS:SourceArn": v } });
const base = `arn:aws:execute-api:eu-west-1:${ACCOUNT}:${API}`;
// GetPolicy's Policy field: the document as a JSON string.
const doc = (...statements: PolicyStatementLike[]) =>
  JSON.stringify({ Version: "2012-10-17", Id: "default", Statement: statements });

describe("permission (docs/aws-binary-rules.md §7, §10)", () => {
  it("parses an execute-api ARN, keeping slashes of the path", () => {
    expect(parseExecuteApiArn(ARN)).toEqual({
      partition: "aws",
      region: "eu-west-1",
      accountId: ACCOUNT,
      apiId: API,
      stage: "prod",
      method: "GET",
      path: "files/{name}",
    });
    expect(parseExecuteApiArn(`arn:aws:lambda:eu-west-1:${ACCOUNT}:function:f`)).toBeNull();
  });

  it.each<[string, PolicyStatementLike[], boolean]>([
    ["no statements", [], false],
    ["allow without condition", [stmt()], true],
    ["ArnLike api/*/*/*", [stmt({ Condition: arnLike(`${base}/*/*/*`) })], true],
    ["ArnLike with path wildcard", [stmt({ Condition: arnLike(`${base}/*/GET/files/*`) })], true],
    ["ArnLike exact stage and path", [stmt({ Condition: arnLike(`${base}/prod/GET/files/{name}`) })], true],
    ["ArnLike other stage", [stmt({ Condition: arnLike(`${base}/dev/GET/*`) })], false],
    ["ArnLike other API", [stmt({ Condition: arnLike(`arn:aws:execute-api:eu-west-1:${ACCOUNT}:zzz/*`) })], false],
    [
      "ArnLike other region",
      [stmt({ Condition: arnLike(`arn:aws:execute-api:us-east-1:${ACCOUNT}:${API}/*`) })],
      false,
    ],
    [
      "ArnEquals needs the exact ARN",
      [stmt({ Condition: { ArnEquals: { "AWS:SourceArn": `${base}/*/GET/*` } } })],
      false,
    ],
    ["SourceAccount matches", [stmt({ Condition: { StringEquals: { "AWS:SourceAccount": ACCOUNT } } })], true],
    ["SourceAccount differs", [stmt({ Condition: { StringEquals: { "AWS:SourceAccount": "000000000000" } } })], false],
    [
      "a condition key API Gateway does not send",
      [stmt({ Condition: { StringEquals: { "aws:PrincipalOrgID": "o-1" } } })],
      false,
    ],
    ["service in a list", [stmt({ Principal: { Service: ["sns.amazonaws.com", "apigateway.amazonaws.com"] } })], true],
    ["other service", [stmt({ Principal: { Service: "s3.amazonaws.com" } })], false],
    ["an account principal", [stmt({ Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } })], false],
    ["lambda:* action", [stmt({ Action: "lambda:*" })], true],
    ["action list", [stmt({ Action: ["lambda:GetFunction", "lambda:InvokeFunction"] })], true],
    ["other action", [stmt({ Action: "lambda:GetFunction" })], false],
    ["a matching Deny wins", [stmt(), stmt({ Sid: "deny", Effect: "Deny" })], false],
    ["a Deny for another API does not", [stmt(), stmt({ Effect: "Deny", Condition: arnLike(`${base}x/*`) })], true],
  ])("%s → %s", (_name, statements, want) => {
    expect(findAllowingStatement(statements, ARN, ACCOUNT) !== null).toBe(want);
  });

  it("builds an AddPermission scoped to the API and method, on every stage", () => {
    expect(addPermissionFix("thumbs", ARN)).toEqual({
      FunctionName: "thumbs",
      StatementId: `binarygate-apigateway-${API}-get`,
      Action: "lambda:InvokeFunction",
      Principal: "apigateway.amazonaws.com",
      SourceArn: `${base}/*/GET/*`,
    });
    expect(addPermissionFix("thumbs", `${base}/prod/*/x`)?.StatementId).toBe(`binarygate-apigateway-${API}-any`);
    expect(addPermissionFix("thumbs", "not-an-arn")).toBeNull();
  });

  it.each([
    [
      "this method on another stage",
      executeApiSourceArn("eu-west-1", ACCOUNT, API, "dev", "GET", "/files/{name}"),
      true,
    ],
    ["the root resource", executeApiSourceArn("eu-west-1", ACCOUNT, API, "prod", "GET", "/"), true],
    [
      "the console's test-invoke-stage",
      executeApiSourceArn("eu-west-1", ACCOUNT, API, "test-invoke-stage", "GET", "/a"),
      true,
    ],
    ["another method", executeApiSourceArn("eu-west-1", ACCOUNT, API, "prod", "POST", "/files/{name}"), false],
    ["another API", executeApiSourceArn("eu-west-1", ACCOUNT, "zzzzzzzzzz", "prod", "GET", "/files/{name}"), false],
  ])("the fix's statement covers %s: %s", (_name, arn, want) => {
    const fix = addPermissionFix("thumbs", ARN);
    const granted = stmt({ Condition: arnLike(fix?.SourceArn ?? "") });
    expect(findAllowingStatement([granted], arn, ACCOUNT) !== null).toBe(want);
  });

  it.each<[string, string | null, number | null]>([
    ["no policy", null, 0],
    ["a GetPolicy document", doc(stmt(), stmt()), 2],
    ["a single Statement object", JSON.stringify({ Statement: stmt() }), 1],
    ["not JSON", "{", null],
    ["a statement that is not an object", JSON.stringify({ Statement: ["x"] }), null],
  ])("policyStatements(%s) → %s statements", (_name, policy, want) => {
    expect(policyStatements(policy)?.length ?? null).toBe(want);
  });

  describe("checkPermission", () => {
    it("passes and names the statement that allows the call", () => {
      const f = checkPermission("thumbs", doc(stmt({ Sid: "AllowApi", Condition: arnLike(`${base}/*/*/*`) })), ARN);
      expect(f).toMatchObject({ id: "permission.invoke", layer: "permission", status: "passed" });
      expect(f.cause).toContain('statement "AllowApi"');
    });

    it("fails without a policy and gives the add-permission command", () => {
      const f = checkPermission("thumbs", null, ARN);
      expect(f.status).toBe("failed");
      expect(f.cause).toContain("no resource policy");
      expect(f.fix).toBe(
        "Add a permission: aws lambda add-permission --function-name thumbs --statement-id " +
          `binarygate-apigateway-${API}-get --action lambda:InvokeFunction --principal apigateway.amazonaws.com ` +
          `--source-arn "${base}/*/GET/*"`,
      );
    });

    it("fails when the policy allows another API only", () => {
      const f = checkPermission("thumbs", doc(stmt({ Condition: arnLike(`${base}x/*`) })), ARN);
      expect(f.status).toBe("failed");
      expect(f.cause).toContain(ARN);
    });

    it.each([
      ["an unreadable policy", "{", ARN],
      ["a method ARN that is not execute-api", null, "arn:aws:lambda:eu-west-1:1:function:f"],
    ])("does not guess on %s", (_name, policy, arn) => {
      expect(checkPermission("thumbs", policy, arn).status).toBe("not-checked");
    });
  });
});
