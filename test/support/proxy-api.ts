/**
 * Builds what every data-plane test, e2e test and the benchmark need, the way a user does with the SDK: a
 * Node/Python function from in-memory source files, and a REST API whose routes are Lambda proxy integrations,
 * deployed to a stage. One implementation for the tests, e2e and `npm run bench`.
 */
import { strToU8, zipSync } from "fflate";
import {
  APIGatewayClient,
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  GetResourcesCommand,
  PutIntegrationCommand,
  PutMethodCommand,
} from "@aws-sdk/client-api-gateway";
import { AddPermissionCommand, CreateFunctionCommand, LambdaClient } from "@aws-sdk/client-lambda";

/** The two real SDK clients pointed at one target, and its account. */
export interface ProxyClients {
  apigw: APIGatewayClient;
  lambda: LambdaClient;
  account: string;
  region?: string;
}

/** SDK clients for an emulator at `endpoint` with its default credentials (test/test, account 000000000000). */
export function emulatorClients(endpoint: string, region = "us-east-1"): ProxyClients & { destroy(): void } {
  const credentials = { accessKeyId: "test", secretAccessKey: "test" };
  const apigw = new APIGatewayClient({ endpoint, region, credentials });
  const lambda = new LambdaClient({ endpoint, region, credentials });
  return { apigw, lambda, account: "000000000000", region, destroy: () => (apigw.destroy(), lambda.destroy()) };
}

/** Creates a function from source files (zipped in memory) and, unless `permission` is false, lets API Gateway invoke it. */
export async function createProxyFunction(
  c: ProxyClients,
  name: string,
  files: Record<string, string>,
  opts: {
    runtime?: string;
    handler?: string;
    timeout?: number;
    memorySize?: number;
    permission?: boolean | string;
  } = {},
): Promise<string> {
  const region = c.region ?? "us-east-1";
  const zip = zipSync(Object.fromEntries(Object.entries(files).map(([n, t]) => [n, strToU8(t)])));
  const out = await c.lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: (opts.runtime ?? "nodejs20.x") as never,
      Handler: opts.handler ?? "index.handler",
      Role: `arn:aws:iam::${c.account}:role/test`,
      Timeout: opts.timeout ?? 10,
      ...(opts.memorySize ? { MemorySize: opts.memorySize } : {}),
      Code: { ZipFile: zip },
    }),
  );
  if (opts.permission !== false) {
    await c.lambda.send(
      new AddPermissionCommand({
        FunctionName: name,
        StatementId: "apigw",
        Action: "lambda:InvokeFunction",
        Principal: "apigateway.amazonaws.com",
        SourceArn:
          typeof opts.permission === "string" ? opts.permission : `arn:aws:execute-api:${region}:${c.account}:*/*/*/*`,
      }),
    );
  }
  return out.FunctionArn!;
}

/** One route of a proxy API: a resource path (nested, `{param}`, `{proxy+}`), a method and its function. */
export interface RouteSpec {
  path: string;
  method?: string;
  functionArn: string;
  timeoutInMillis?: number;
}

/** Creates a REST API with AWS_PROXY routes and deploys it to `stage`; returns the API id. */
export async function createProxyApi(
  c: ProxyClients,
  name: string,
  binaryMediaTypes: string[],
  routes: RouteSpec[],
  stage = "prod",
): Promise<string> {
  const region = c.region ?? "us-east-1";
  const api = await c.apigw.send(
    new CreateRestApiCommand({ name, ...(binaryMediaTypes.length ? { binaryMediaTypes } : {}) }),
  );
  const apiId = api.id!;
  const res = await c.apigw.send(new GetResourcesCommand({ restApiId: apiId }));
  const byPath = new Map<string, string>((res.items ?? []).map((r) => [r.path!, r.id!]));
  for (const route of routes) {
    let parent = "/";
    for (const part of route.path.split("/").filter(Boolean)) {
      const p = parent === "/" ? `/${part}` : `${parent}/${part}`;
      if (!byPath.has(p)) {
        const created = await c.apigw.send(
          new CreateResourceCommand({ restApiId: apiId, parentId: byPath.get(parent)!, pathPart: part }),
        );
        byPath.set(p, created.id!);
      }
      parent = p;
    }
    const resourceId = byPath.get(route.path)!;
    const httpMethod = route.method ?? "GET";
    await c.apigw.send(new PutMethodCommand({ restApiId: apiId, resourceId, httpMethod, authorizationType: "NONE" }));
    await c.apigw.send(
      new PutIntegrationCommand({
        restApiId: apiId,
        resourceId,
        httpMethod,
        type: "AWS_PROXY",
        integrationHttpMethod: "POST",
        uri: `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${route.functionArn}/invocations`,
        ...(route.timeoutInMillis ? { timeoutInMillis: route.timeoutInMillis } : {}),
      }),
    );
  }
  await c.apigw.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: stage }));
  return apiId;
}
