/**
 * Builds STREAM methods the way a user does with the SDK (docs/streaming.md §1.3, §1.6): the
 * response-streaming-invocations URI with responseTransferMode STREAM, then a deployment.
 */
import {
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  GetResourcesCommand,
  PutIntegrationCommand,
  PutMethodCommand,
  UpdateIntegrationCommand,
} from "@aws-sdk/client-api-gateway";
import type { TestEmulator } from "../../support/emulator";

/** The InvokeWithResponseStream URI of a function (docs/streaming.md §0.3). */
export const streamingUri = (region: string, fnArn: string) =>
  `arn:aws:apigateway:${region}:lambda:path/2021-11-15/functions/${fnArn}/response-streaming-invocations`;

/** A REST API with one STREAM method at `/{proxy+}` (ANY), deployed to `prod`; returns its id and resource. */
export async function createStreamApi(
  emu: TestEmulator,
  name: string,
  fnArn: string,
  opts: { binaryMediaTypes?: string[]; timeoutInMillis?: number; minimumCompressionSize?: number } = {},
): Promise<{ apiId: string; resourceId: string }> {
  const api = await emu.apigw.send(
    new CreateRestApiCommand({
      name,
      endpointConfiguration: { types: ["REGIONAL"] },
      ...(opts.binaryMediaTypes ? { binaryMediaTypes: opts.binaryMediaTypes } : {}),
      ...(opts.minimumCompressionSize !== undefined ? { minimumCompressionSize: opts.minimumCompressionSize } : {}),
    }),
  );
  const apiId = api.id!;
  const root = (await emu.apigw.send(new GetResourcesCommand({ restApiId: apiId }))).items!.find(
    (r) => r.path === "/",
  )!;
  const res = await emu.apigw.send(
    new CreateResourceCommand({ restApiId: apiId, parentId: root.id!, pathPart: "{proxy+}" }),
  );
  const resourceId = res.id!;
  await emu.apigw.send(
    new PutMethodCommand({ restApiId: apiId, resourceId, httpMethod: "ANY", authorizationType: "NONE" }),
  );
  await emu.apigw.send(
    new PutIntegrationCommand({
      restApiId: apiId,
      resourceId,
      httpMethod: "ANY",
      type: "AWS_PROXY",
      integrationHttpMethod: "POST",
      uri: streamingUri(emu.region, fnArn),
      responseTransferMode: "STREAM",
      ...(opts.timeoutInMillis ? { timeoutInMillis: opts.timeoutInMillis } : {}),
    }),
  );
  await emu.apigw.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: "prod" }));
  return { apiId, resourceId };
}

/**
 * AWS's own switch of a Lambda integration to streaming: /uri and /responseTransferMode in one patch
 * (docs/streaming.md §1.6).
 */
export async function switchToStream(
  emu: TestEmulator,
  apiId: string,
  resourceId: string,
  httpMethod: string,
  fnArn: string,
) {
  await emu.apigw.send(
    new UpdateIntegrationCommand({
      restApiId: apiId,
      resourceId,
      httpMethod,
      patchOperations: [
        { op: "replace", path: "/uri", value: streamingUri(emu.region, fnArn) },
        { op: "replace", path: "/responseTransferMode", value: "STREAM" },
      ],
    }),
  );
}
