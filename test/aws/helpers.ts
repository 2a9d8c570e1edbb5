import {
  type APIGatewayClient,
  CreateDeploymentCommand,
  CreateRestApiCommand,
  GetResourcesCommand,
  PutIntegrationCommand,
  PutMethodCommand,
} from "@aws-sdk/client-api-gateway";
import type { RunningEmulator } from "@/lib/emulator";
import { resetConfigForTests } from "@/lib/config";
import { startTestEmulator } from "../support/emulator";

/** A fresh emulator on an ephemeral port with a temp state dir, and lib/aws pointed at it. */
export async function startTarget(): Promise<{
  emu: RunningEmulator;
  sdk: APIGatewayClient;
  stop: () => Promise<void>;
}> {
  const emu = await startTestEmulator({ prefix: "binarygate-aws-test-" });
  process.env.BINARYGATE_TARGET = "local";
  process.env.BINARYGATE_EMULATOR_URL = emu.url;
  resetConfigForTests();
  return { emu, sdk: emu.apigw, stop: emu.dispose };
}

/** Creates a REST API with GET / (MOCK) and, unless `stage` is null, a deployment to that stage. Returns its id. */
export async function createApi(
  sdk: APIGatewayClient,
  name: string,
  opts: { binaryMediaTypes?: string[]; stage?: string | null; lambdaUri?: string } = {},
): Promise<string> {
  const api = await sdk.send(
    new CreateRestApiCommand({ name, description: `test ${name}`, binaryMediaTypes: opts.binaryMediaTypes }),
  );
  const restApiId = api.id!;
  const resources = await sdk.send(new GetResourcesCommand({ restApiId }));
  const root = resources.items!.find((r) => r.path === "/")!;
  await sdk.send(
    new PutMethodCommand({ restApiId, resourceId: root.id!, httpMethod: "GET", authorizationType: "NONE" }),
  );
  await sdk.send(
    new PutIntegrationCommand({
      restApiId,
      resourceId: root.id!,
      httpMethod: "GET",
      type: "MOCK",
      requestTemplates: { "application/json": '{"statusCode":200}' },
    }),
  );
  if (opts.lambdaUri) {
    await sdk.send(
      new PutMethodCommand({ restApiId, resourceId: root.id!, httpMethod: "POST", authorizationType: "NONE" }),
    );
    await sdk.send(
      new PutIntegrationCommand({
        restApiId,
        resourceId: root.id!,
        httpMethod: "POST",
        type: "AWS_PROXY",
        integrationHttpMethod: "POST",
        uri: opts.lambdaUri,
      }),
    );
  }
  const stage = opts.stage === undefined ? "prod" : opts.stage;
  if (stage) await sdk.send(new CreateDeploymentCommand({ restApiId, stageName: stage, description: "initial" }));
  return restApiId;
}

/** The emulator's per-operation call counts (GET /_binarygate/metrics). */
export async function callCounts(url: string): Promise<Record<string, number>> {
  const res = await fetch(`${url}/_binarygate/metrics`);
  const body = (await res.json()) as { calls: Record<string, Record<string, number>> };
  return body.calls.apigateway ?? {};
}

/** Arms a fault: the next `times` calls of `operation` answer 429 or 409. */
export async function injectFault(
  url: string,
  operation: string,
  times: number,
  kind: "throttle" | "conflict",
): Promise<void> {
  const res = await fetch(`${url}/_binarygate/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ operation, times, kind }),
  });
  if (!res.ok) throw new Error(`fault injection failed: ${res.status} ${await res.text()}`);
}
