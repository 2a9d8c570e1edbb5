import {
  APIGatewayClient,
  CreateDeploymentCommand,
  CreateRestApiCommand,
  GetResourcesCommand,
  GetRestApisCommand,
  PutIntegrationCommand,
  PutMethodCommand,
} from "@aws-sdk/client-api-gateway";

// Test data for the e2e specs, built through the real SDK against the e2e emulator (playwright.config).
export const EMULATOR_URL = `http://127.0.0.1:${process.env.E2E_EMULATOR_PORT ?? 4610}`;
const creds = { accessKeyId: "test", secretAccessKey: "test" };

function client(region: string): APIGatewayClient {
  return new APIGatewayClient({ region, endpoint: EMULATOR_URL, credentials: creds });
}

/** A REST API with GET / (MOCK) and one deployment to prod; returns its id. */
export async function createApiWithStage(region: string, name: string, binaryMediaTypes: string[]): Promise<string> {
  const sdk = client(region);
  const api = await sdk.send(new CreateRestApiCommand({ name, description: "e2e", binaryMediaTypes }));
  const restApiId = api.id!;
  const root = (await sdk.send(new GetResourcesCommand({ restApiId }))).items!.find((r) => r.path === "/")!;
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
  await sdk.send(new CreateDeploymentCommand({ restApiId, stageName: "prod", description: "first deployment" }));
  sdk.destroy();
  return restApiId;
}

/** The id of a seeded demo API (us-east-1). */
export async function demoApiId(name: string): Promise<string> {
  const sdk = client("us-east-1");
  const apis = (await sdk.send(new GetRestApisCommand({ limit: 500 }))).items ?? [];
  sdk.destroy();
  const found = apis.find((a) => a.name === name);
  if (!found?.id) throw new Error(`demo API ${name} is not seeded`);
  return found.id;
}
