// responseTransferMode through the AWS CLI (/usr/bin/aws, Debian's 2.9.19), the independent client. Its model
// predates the field (Nov 2025): put-integration has no --response-transfer-mode and get-integration drops the
// key from its output. What it can do is tested: AWS's validation errors, the one-patch switch (patch paths are
// free text), and reading a STREAM integration back without failing.
import {
  CreateResourceCommand,
  CreateRestApiCommand,
  GetIntegrationCommand,
  PutMethodCommand,
} from "@aws-sdk/client-api-gateway";
import { beforeAll, describe, expect, it } from "vitest";
import { useEmulator } from "../../support/emulator";
import { awsCli, requireAwsCli } from "../cli/aws-cli";

const emu = useEmulator({ prefix: "bg-stream-cli-" });
const FN_ARN = "arn:aws:lambda:us-east-1:000000000000:function:media";
const INVOKE_URI = `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${FN_ARN}/invocations`;
const STREAM_URI = `arn:aws:apigateway:us-east-1:lambda:path/2021-11-15/functions/${FN_ARN}/response-streaming-invocations`;

beforeAll(() => requireAwsCli());

async function method() {
  const api = await emu.apigw.send(new CreateRestApiCommand({ name: "stream-cli" }));
  const res = await emu.apigw.send(
    new CreateResourceCommand({ restApiId: api.id!, parentId: api.rootResourceId!, pathPart: "media" }),
  );
  await emu.apigw.send(
    new PutMethodCommand({ restApiId: api.id!, resourceId: res.id!, httpMethod: "GET", authorizationType: "NONE" }),
  );
  return { restApiId: api.id!, resourceId: res.id!, httpMethod: "GET" };
}

const ids = (m: Awaited<ReturnType<typeof method>>) => [
  "--rest-api-id",
  m.restApiId,
  "--resource-id",
  m.resourceId,
  "--http-method",
  m.httpMethod,
];

describe("AWS CLI 2.9 and responseTransferMode", () => {
  it("the CLI's model has no --response-transfer-mode (so STREAM cannot be set at PutIntegration)", async () => {
    const help = await awsCli(emu, "apigateway", "put-integration", "help");
    expect(help.stdout).not.toContain("response-transfer-mode");
  });

  it("CP3: put-integration with the streaming URI (mode omitted) gets AWS's message", async () => {
    const m = await method();
    const out = await awsCli(
      emu,
      "apigateway",
      "put-integration",
      ...ids(m),
      "--type",
      "AWS_PROXY",
      "--integration-http-method",
      "POST",
      "--uri",
      STREAM_URI,
    );
    expect(out.code).toBe(254);
    expect(out.stderr).toContain("(BadRequestException)");
    expect(out.stderr).toContain(
      "Cannot use ResponseTransferMode BUFFERED for Lambda functions invoked by InvokeWithResponseStream for AWS_PROXY integrations.",
    );
  });

  it("CP6: a BUFFERED timeout of 30000 ms gets AWS's message", async () => {
    const m = await method();
    const out = await awsCli(
      emu,
      "apigateway",
      "put-integration",
      ...ids(m),
      "--type",
      "AWS_PROXY",
      "--integration-http-method",
      "POST",
      "--uri",
      INVOKE_URI,
      "--timeout-in-millis",
      "30000",
    );
    expect(out.code).toBe(254);
    expect(out.stderr).toContain("Timeout should be between 50 ms and 29000 ms");
  });

  it("CP8: update-integration switches URI and mode in one patch; get-integration still reads it", async () => {
    const m = await method();
    const put = await awsCli(
      emu,
      "apigateway",
      "put-integration",
      ...ids(m),
      "--type",
      "AWS_PROXY",
      "--integration-http-method",
      "POST",
      "--uri",
      INVOKE_URI,
    );
    expect(put.code).toBe(0);
    const upd = await awsCli(
      emu,
      "apigateway",
      "update-integration",
      ...ids(m),
      "--patch-operations",
      `op=replace,path=/uri,value=${STREAM_URI}`,
      "op=replace,path=/responseTransferMode,value=STREAM",
      "op=replace,path=/timeoutInMillis,value=900000",
    );
    expect(upd.code, upd.stderr).toBe(0);
    expect(JSON.parse(upd.stdout)).toMatchObject({ uri: STREAM_URI, timeoutInMillis: 900_000 });
    const got = await awsCli(emu, "apigateway", "get-integration", ...ids(m));
    expect(got.code).toBe(0);
    const parsed = JSON.parse(got.stdout);
    expect(parsed.uri).toBe(STREAM_URI);
    // The CLI's parser drops members its model does not know: the SDK shows the mode is stored.
    expect(parsed).not.toHaveProperty("responseTransferMode");
    expect((await emu.apigw.send(new GetIntegrationCommand(m))).responseTransferMode).toBe("STREAM");
  });
});
