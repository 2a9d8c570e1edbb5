// Wire compatibility with a second, independent client: the AWS CLI v2 (/usr/bin/aws, Python/botocore),
// which sends Python-style JSON, Capitalized headers, no x-amz-content-sha256 and, for invoke, no
// Content-Type (docs/development.md §4). A handful of calls: each costs ~1 s of CLI start-up.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awsCli, requireAwsCli } from "./aws-cli";
import { ACCOUNT, ROLE, freshEmulator, nodeZip, sha256b64, type Emu } from "../lambda/helpers";

let emu: Emu;
let zipPath: string;
const zip = nodeZip();

const aws = (...args: string[]) => awsCli(emu, ...args);

beforeAll(async () => {
  requireAwsCli();
  emu = await freshEmulator();
  zipPath = path.join(emu.stateDir, "fn.zip");
  await writeFile(zipPath, zip);
});
afterAll(async () => {
  await emu?.dispose();
});

describe("AWS CLI v2 against the Lambda control plane", () => {
  it("create-function --zip-file fileb://, add-permission, get-policy, get-function, invoke", async () => {
    const created = await aws(
      "lambda",
      "create-function",
      "--function-name",
      "cli-fn",
      "--runtime",
      "nodejs20.x",
      "--role",
      ROLE,
      "--handler",
      "index.handler",
      "--zip-file",
      `fileb://${zipPath}`,
    );
    expect(created.stderr).toBe("");
    expect(created.code).toBe(0);
    const config = JSON.parse(created.stdout);
    expect(config.FunctionArn).toBe(`arn:aws:lambda:us-east-1:${ACCOUNT}:function:cli-fn`);
    expect(config.CodeSha256).toBe(sha256b64(zip));
    expect(config.CodeSize).toBe(zip.length);

    const sourceArn = `arn:aws:execute-api:us-east-1:${ACCOUNT}:abc123defg/*/*/*`;
    const added = await aws(
      "lambda",
      "add-permission",
      "--function-name",
      "cli-fn",
      "--statement-id",
      "apigw",
      "--action",
      "lambda:InvokeFunction",
      "--principal",
      "apigateway.amazonaws.com",
      "--source-arn",
      sourceArn,
    );
    expect(added.code).toBe(0);
    expect(JSON.parse(JSON.parse(added.stdout).Statement).Condition).toEqual({
      ArnLike: { "AWS:SourceArn": sourceArn },
    });

    const policy = await aws(
      "lambda",
      "get-policy",
      "--function-name",
      `arn:aws:lambda:us-east-1:${ACCOUNT}:function:cli-fn`,
    );
    expect(policy.code).toBe(0);
    const doc = JSON.parse(JSON.parse(policy.stdout).Policy);
    expect(doc.Statement).toHaveLength(1);
    expect(doc.Statement[0].Sid).toBe("apigw");
    expect(doc.Statement[0].Principal).toEqual({ Service: "apigateway.amazonaws.com" });

    const got = await aws("lambda", "get-function", "--function-name", "cli-fn");
    expect(got.code).toBe(0);
    expect(JSON.parse(got.stdout).Configuration.Handler).toBe("index.handler");

    // The CLI's invoke sends the payload with no Content-Type at all (docs/development.md §4, item 5).
    const outFile = path.join(emu.stateDir, "out.json");
    const invoked = await aws(
      "lambda",
      "invoke",
      "--function-name",
      "cli-fn",
      "--cli-binary-format",
      "raw-in-base64-out",
      "--payload",
      '{"a":1}',
      outFile,
    );
    expect(invoked.code).toBe(0);
    expect(JSON.parse(invoked.stdout)).toEqual({ StatusCode: 200, ExecutedVersion: "$LATEST" });
    expect(JSON.parse(await readFile(outFile, "utf8"))).toEqual({ ok: true, event: { a: 1 } });
  });

  it("prints AWS's errors: unknown function (docs/aws-binary-rules.md P10) and duplicate statement (P11)", async () => {
    const missing = await aws("lambda", "get-function", "--function-name", "ghost");
    expect(missing.code).toBe(254);
    expect(missing.stderr).toContain(
      `An error occurred (ResourceNotFoundException) when calling the GetFunction operation: Function not found: arn:aws:lambda:us-east-1:${ACCOUNT}:function:ghost`,
    );
    const dup = await aws(
      "lambda",
      "add-permission",
      "--function-name",
      "cli-fn",
      "--statement-id",
      "apigw",
      "--action",
      "lambda:InvokeFunction",
      "--principal",
      "apigateway.amazonaws.com",
    );
    expect(dup.code).toBe(254);
    expect(dup.stderr).toContain(
      "An error occurred (ResourceConflictException) when calling the AddPermission operation: The statement id (apigw) provided already exists. Please provide a new statement id, or remove the existing statement.",
    );
  });
});
