import "server-only";
import { UpdateIntegrationCommand } from "@aws-sdk/client-api-gateway";
import { runCall, serialised } from "./call";
import { apiGatewayClient } from "./clients";
import { type AwsResult, ok } from "./types";

/**
 * UpdateIntegration for the one field the doctor fixes: the request side's contentHandling, which a MOCK CORS
 * preflight needs as CONVERT_TO_TEXT once the API lists `*∕*` (docs/real-world-failures.md §docs/aws-binary-rules.md
 * P4). Takes effect after a redeployment, which the caller makes.
 */

/** Sets a method integration's contentHandling; returns the value the target now holds. */
export async function updateIntegrationContentHandling(
  region: string,
  apiId: string,
  resourceId: string,
  httpMethod: string,
  value: "CONVERT_TO_TEXT" | "CONVERT_TO_BINARY",
): Promise<AwsResult<{ contentHandling: string | null }>> {
  const client = apiGatewayClient(region);
  const path = `/restapis/${apiId}/resources/${resourceId}/methods/${httpMethod}/integration`;
  return serialised(`${region}/${apiId}`, async () => {
    const r = await runCall(
      {
        operation: "UpdateIntegration",
        region,
        subject: `the ${httpMethod} integration of REST API ${apiId}`,
        iamAction: `apigateway:PATCH on arn:aws:apigateway:${region}::${path}`,
      },
      () =>
        client.send(
          new UpdateIntegrationCommand({
            restApiId: apiId,
            resourceId,
            httpMethod,
            patchOperations: [{ op: "replace", path: "/contentHandling", value }],
          }),
        ),
    );
    return r.ok ? ok({ contentHandling: r.data.contentHandling ?? null }) : r;
  });
}
