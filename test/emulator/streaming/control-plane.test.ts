// responseTransferMode on the control plane (docs/streaming.md §1, vectors CP1–CP9) over HTTP with the real
// @aws-sdk/client-api-gateway, whose model (3.1142.0) knows the field; raw signed HTTP checks the wire keys.
// CP10 (OpenAPI import) is not here: the emulator has no ImportRestApi/PutRestApi.
import {
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  GetExportCommand,
  GetIntegrationCommand,
  GetMethodCommand,
  GetResourcesCommand,
  PutIntegrationCommand,
  type PutIntegrationCommandInput,
  PutMethodCommand,
  ResponseTransferMode,
  UpdateIntegrationCommand,
} from "@aws-sdk/client-api-gateway";
import { describe, expect, it } from "vitest";
import { useEmulator } from "../../support/emulator";
import { createProxyFunction } from "../../support/proxy-api";
import { errorOf, signed } from "../core/helpers";

const emu = useEmulator({ prefix: "bg-stream-cp-" });
const FN_ARN = "arn:aws:lambda:us-east-1:000000000000:function:media";
const INVOKE_URI = `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${FN_ARN}/invocations`;
const STREAM_URI = `arn:aws:apigateway:us-east-1:lambda:path/2021-11-15/functions/${FN_ARN}/response-streaming-invocations`;
const BUFFERED_ON_STREAM_URI =
  "Invalid ResponseTransferMode. Cannot use ResponseTransferMode BUFFERED for Lambda functions invoked by InvokeWithResponseStream for AWS_PROXY integrations.";

/** A fresh API with GET /media (no integration yet). */
async function method() {
  const api = await emu.apigw.send(
    new CreateRestApiCommand({ name: `stream-${Math.random().toString(36).slice(2, 8)}` }),
  );
  const res = await emu.apigw.send(
    new CreateResourceCommand({ restApiId: api.id!, parentId: api.rootResourceId!, pathPart: "media" }),
  );
  await emu.apigw.send(
    new PutMethodCommand({ restApiId: api.id!, resourceId: res.id!, httpMethod: "GET", authorizationType: "NONE" }),
  );
  return { restApiId: api.id!, resourceId: res.id!, httpMethod: "GET" };
}

function put(m: Awaited<ReturnType<typeof method>>, extra: Partial<PutIntegrationCommandInput>) {
  return emu.apigw.send(
    new PutIntegrationCommand({ ...m, type: "AWS_PROXY", integrationHttpMethod: "POST", uri: INVOKE_URI, ...extra }),
  );
}

async function rawJson(path: string): Promise<Record<string, unknown>> {
  const r = await signed(emu.url, { path });
  expect(r.status).toBe(200);
  return (await r.json()) as Record<string, unknown>;
}

describe("the field and its default", () => {
  it("the pinned SDK's model knows ResponseTransferMode", () => {
    expect(Object.values(ResponseTransferMode).sort()).toEqual(["BUFFERED", "STREAM"]);
  });

  it("CP1: an integration created without a mode reads back BUFFERED, on the wire too", async () => {
    const m = await method();
    const created = await put(m, {});
    expect(created.responseTransferMode).toBe("BUFFERED");
    const got = await emu.apigw.send(new GetIntegrationCommand(m));
    expect(got.responseTransferMode).toBe("BUFFERED");
    const raw = await rawJson(`/restapis/${m.restApiId}/resources/${m.resourceId}/methods/GET/integration`);
    expect(raw.responseTransferMode).toBe("BUFFERED");
  });

  it("CP2: STREAM with the streaming URI and 900000 ms is echoed by Put, Get, GetMethod and embedded resources", async () => {
    const m = await method();
    const created = await put(m, { uri: STREAM_URI, responseTransferMode: "STREAM", timeoutInMillis: 900_000 });
    expect(created.$metadata.httpStatusCode).toBe(201);
    expect(created.responseTransferMode).toBe("STREAM");
    expect(created.timeoutInMillis).toBe(900_000);
    expect((await emu.apigw.send(new GetIntegrationCommand(m))).responseTransferMode).toBe("STREAM");
    const got = await emu.apigw.send(new GetMethodCommand(m));
    expect(got.methodIntegration?.responseTransferMode).toBe("STREAM");
    const resources = await emu.apigw.send(new GetResourcesCommand({ restApiId: m.restApiId, embed: ["methods"] }));
    const media = resources.items!.find((r) => r.path === "/media")!;
    expect(media.resourceMethods?.GET?.methodIntegration?.responseTransferMode).toBe("STREAM");
  });
});

describe("AWS's validation (docs/streaming.md §1.4)", () => {
  it("CP3: the streaming URI with the mode omitted, or BUFFERED, is AWS's 400", async () => {
    const m = await method();
    for (const mode of [undefined, "BUFFERED" as const]) {
      const err = await errorOf(() => put(m, { uri: STREAM_URI, responseTransferMode: mode }));
      expect(err.name).toBe("BadRequestException");
      expect(err.$metadata?.httpStatusCode).toBe(400);
      expect(err.message).toBe(BUFFERED_ON_STREAM_URI);
    }
  });

  it("CP4: STREAM with the Invoke (2015-03-31) URI is a 400 that begins 'Invalid Res'", async () => {
    const err = await errorOf(async () => put(await method(), { responseTransferMode: "STREAM" }));
    expect(err.name).toBe("BadRequestException");
    expect(err.message.startsWith("Invalid Res")).toBe(true);
  });

  it("CP5: STREAM allows 900000 ms and no more", async () => {
    const err = await errorOf(async () =>
      put(await method(), { uri: STREAM_URI, responseTransferMode: "STREAM", timeoutInMillis: 900_001 }),
    );
    expect(err.name).toBe("BadRequestException");
    expect(err.message).toBe("Timeout should be between 50 ms and 900000 ms");
  });

  it("CP6: BUFFERED stays capped at 29000 ms", async () => {
    const err = await errorOf(async () => put(await method(), { timeoutInMillis: 30_000 }));
    expect(err.name).toBe("BadRequestException");
    expect(err.message).toBe("Timeout should be between 50 ms and 29000 ms");
  });

  it("CP7: STREAM on MOCK or HTTP is refused; HTTP_PROXY may stream", async () => {
    const m = await method();
    const mock = await errorOf(() =>
      emu.apigw.send(new PutIntegrationCommand({ ...m, type: "MOCK", responseTransferMode: "STREAM" })),
    );
    expect(mock.name).toBe("BadRequestException");
    expect(mock.$metadata?.httpStatusCode).toBe(400);
    const http = await errorOf(() =>
      put(m, { type: "HTTP", uri: "https://example.com/x", responseTransferMode: "STREAM" }),
    );
    expect(http.name).toBe("BadRequestException");
    const ok = await put(m, {
      type: "HTTP_PROXY",
      uri: "https://example.com/x",
      integrationHttpMethod: "GET",
      responseTransferMode: "STREAM",
    });
    expect(ok.responseTransferMode).toBe("STREAM");
  });

  it("a value outside the enum is a ValidationException naming both values", async () => {
    const err = await errorOf(async () => put(await method(), { responseTransferMode: "STREAMED" as never }));
    expect(err.name).toBe("ValidationException");
    expect(err.message).toContain("[BUFFERED, STREAM]");
  });
});

describe("UpdateIntegration checks the final state (docs/streaming.md §1.6)", () => {
  it("CP8: /uri and /responseTransferMode in one patch switch the integration; either alone is refused", async () => {
    const m = await method();
    await put(m, {});
    const uriOnly = await errorOf(() =>
      emu.apigw.send(
        new UpdateIntegrationCommand({ ...m, patchOperations: [{ op: "replace", path: "/uri", value: STREAM_URI }] }),
      ),
    );
    expect(uriOnly.message).toBe(BUFFERED_ON_STREAM_URI);
    const modeOnly = await errorOf(() =>
      emu.apigw.send(
        new UpdateIntegrationCommand({
          ...m,
          patchOperations: [{ op: "replace", path: "/responseTransferMode", value: "STREAM" }],
        }),
      ),
    );
    expect(modeOnly.message.startsWith("Invalid Res")).toBe(true);
    // A refused patch changes nothing.
    expect((await emu.apigw.send(new GetIntegrationCommand(m))).uri).toBe(INVOKE_URI);

    const both = await emu.apigw.send(
      new UpdateIntegrationCommand({
        ...m,
        patchOperations: [
          { op: "replace", path: "/uri", value: STREAM_URI },
          { op: "replace", path: "/responseTransferMode", value: "STREAM" },
          { op: "replace", path: "/timeoutInMillis", value: "600000" },
        ],
      }),
    );
    expect(both.$metadata.httpStatusCode).toBe(200);
    expect(both).toMatchObject({ uri: STREAM_URI, responseTransferMode: "STREAM", timeoutInMillis: 600_000 });
    const back = await errorOf(() =>
      emu.apigw.send(
        new UpdateIntegrationCommand({
          ...m,
          patchOperations: [{ op: "replace", path: "/responseTransferMode", value: "BUFFERED" }],
        }),
      ),
    );
    // Back to BUFFERED, the 600000 ms timeout and the streaming URI no longer fit.
    expect(back.name).toBe("BadRequestException");
  });

  it("an unknown mode in a patch is a 400", async () => {
    const m = await method();
    await put(m, {});
    const err = await errorOf(() =>
      emu.apigw.send(
        new UpdateIntegrationCommand({
          ...m,
          patchOperations: [{ op: "replace", path: "/responseTransferMode", value: "FAST" }],
        }),
      ),
    );
    expect(err.name).toBe("BadRequestException");
    expect(err.message).toContain("BUFFERED, STREAM");
  });
});

describe("deployments freeze the mode (docs/streaming.md §0.11)", () => {
  it("CP9: after CP8 without a redeploy the stage still serves BUFFERED; a new deployment carries STREAM", async () => {
    const fnArn = await createProxyFunction(emu, "cp9", {
      "index.js": `exports.handler = async () => ({ statusCode: 200, headers: { "Content-Type": "text/plain" }, body: "buffered" });`,
    });
    const m = await method();
    const invokeUri = `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${fnArn}/invocations`;
    const streamUri = `arn:aws:apigateway:us-east-1:lambda:path/2021-11-15/functions/${fnArn}/response-streaming-invocations`;
    await put(m, { uri: invokeUri });
    await emu.apigw.send(new CreateDeploymentCommand({ restApiId: m.restApiId, stageName: "prod" }));
    await emu.apigw.send(
      new UpdateIntegrationCommand({
        ...m,
        patchOperations: [
          { op: "replace", path: "/uri", value: streamUri },
          { op: "replace", path: "/responseTransferMode", value: "STREAM" },
        ],
      }),
    );
    const exported = async () => {
      const out = await emu.apigw.send(
        new GetExportCommand({
          restApiId: m.restApiId,
          stageName: "prod",
          exportType: "oas30",
          parameters: { extensions: "apigateway" },
        }),
      );
      const doc = JSON.parse(Buffer.from(out.body!).toString("utf8"));
      return doc.paths["/media"].get["x-amazon-apigateway-integration"];
    };
    // The stage still runs the deployed BUFFERED integration: the live change is not served.
    const before = await exported();
    expect(before.uri).toBe(invokeUri);
    expect(before).not.toHaveProperty("responseTransferMode");
    const served = await fetch(`${emu.url}/_aws/execute-api/${m.restApiId}/prod/media`);
    expect(served.status).toBe(200);
    expect(await served.text()).toBe("buffered");

    await emu.apigw.send(new CreateDeploymentCommand({ restApiId: m.restApiId, stageName: "prod" }));
    const after = await exported();
    expect(after).toMatchObject({ uri: streamUri, responseTransferMode: "STREAM" });
  });
});
