// lib/aws reports each method's transfer mode from the GetResources (embed=methods) call it already makes, and
// names the function behind a streaming (2021-11-15) URI (docs/streaming.md §1.1, §1.3).
import {
  PutIntegrationCommand,
  PutMethodCommand,
  GetResourcesCommand,
  type APIGatewayClient,
} from "@aws-sdk/client-api-gateway";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listResources, parseLambdaUri } from "@/lib/aws";
import type { RunningEmulator } from "@/lib/emulator";
import { callCounts, createApi, startTarget } from "../../aws/helpers";

let emu: RunningEmulator;
let sdk: APIGatewayClient;
let stop: () => Promise<void>;
const FN_ARN = "arn:aws:lambda:us-east-1:000000000000:function:video";
const STREAM_URI = `arn:aws:apigateway:us-east-1:lambda:path/2021-11-15/functions/${FN_ARN}/response-streaming-invocations`;

beforeAll(async () => {
  ({ emu, sdk, stop } = await startTarget());
});
afterAll(async () => {
  await stop?.();
});

describe("transfer mode in lib/aws", () => {
  it("parseLambdaUri reads the streaming URI's function", () => {
    expect(parseLambdaUri(STREAM_URI)).toEqual({ functionArn: FN_ARN, functionName: "video" });
  });

  it("listResources gives BUFFERED and STREAM per method, in one GetResources call", async () => {
    const apiId = await createApi(sdk, "modes", { stage: null });
    const root = (await sdk.send(new GetResourcesCommand({ restApiId: apiId }))).items!.find((r) => r.path === "/")!;
    await sdk.send(
      new PutMethodCommand({ restApiId: apiId, resourceId: root.id!, httpMethod: "PUT", authorizationType: "NONE" }),
    );
    await sdk.send(
      new PutIntegrationCommand({
        restApiId: apiId,
        resourceId: root.id!,
        httpMethod: "PUT",
        type: "AWS_PROXY",
        integrationHttpMethod: "POST",
        uri: STREAM_URI,
        responseTransferMode: "STREAM",
      }),
    );
    const before = (await callCounts(emu.url)).GetResources ?? 0;
    const r = await listResources("us-east-1", apiId);
    expect((await callCounts(emu.url)).GetResources - before).toBe(1);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const methods = r.data[0].methods.map((m) => [m.httpMethod, m.transferMode, m.lambdaFunctionName]);
    expect(methods).toEqual([
      ["GET", "BUFFERED", undefined],
      ["PUT", "STREAM", "video"],
    ]);
  });
});
