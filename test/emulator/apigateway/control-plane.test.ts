// API Gateway control plane over HTTP with the real @aws-sdk/client-api-gateway (docs/aws-binary-rules.md §6, §6.4).
import { beforeAll, describe, expect, it } from "vitest";
import {
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  CreateStageCommand,
  DeleteDeploymentCommand,
  DeleteIntegrationCommand,
  DeleteIntegrationResponseCommand,
  GetIntegrationResponseCommand,
  GetMethodResponseCommand,
  PutIntegrationResponseCommand,
  PutMethodResponseCommand,
  UpdateIntegrationCommand,
  DeleteMethodCommand,
  DeleteResourceCommand,
  DeleteRestApiCommand,
  DeleteStageCommand,
  GetDeploymentCommand,
  GetDeploymentsCommand,
  GetIntegrationCommand,
  GetMethodCommand,
  GetResourceCommand,
  GetResourcesCommand,
  GetRestApiCommand,
  GetRestApisCommand,
  GetStageCommand,
  GetStagesCommand,
  PutIntegrationCommand,
  PutMethodCommand,
  UpdateRestApiCommand,
  UpdateStageCommand,
  type APIGatewayClient,
} from "@aws-sdk/client-api-gateway";
import { apigw, errorOf, freshEmulator, signed } from "../core/helpers";
import { useEmulator } from "../../support/emulator";

const emu = useEmulator();
let client: APIGatewayClient;
const FN_URI =
  "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:images/invocations";

beforeAll(() => {
  client = apigw(emu.url);
});

/** An API with GET /images/{id} → Lambda proxy, ready to deploy. */
async function apiWithMethod(name = "with-method") {
  const api = await client.send(new CreateRestApiCommand({ name }));
  const images = await client.send(
    new CreateResourceCommand({ restApiId: api.id!, parentId: api.rootResourceId!, pathPart: "images" }),
  );
  const item = await client.send(
    new CreateResourceCommand({ restApiId: api.id!, parentId: images.id!, pathPart: "{id}" }),
  );
  await client.send(
    new PutMethodCommand({ restApiId: api.id!, resourceId: item.id!, httpMethod: "GET", authorizationType: "NONE" }),
  );
  await client.send(
    new PutIntegrationCommand({
      restApiId: api.id!,
      resourceId: item.id!,
      httpMethod: "GET",
      type: "AWS_PROXY",
      integrationHttpMethod: "POST",
      uri: FN_URI,
    }),
  );
  return { api, images, item };
}

describe("REST APIs", () => {
  it("CreateRestApi answers 201 with AWS's defaults, a 10-char id and an epoch-second date", async () => {
    const before = Math.floor(Date.now() / 1000);
    const res = await client.send(
      new CreateRestApiCommand({ name: "photos", description: "d", binaryMediaTypes: ["image/png"] }),
    );
    expect(res.$metadata.httpStatusCode).toBe(201);
    expect(res.id).toMatch(/^[a-z0-9]{10}$/);
    expect(res.rootResourceId).toMatch(/^[a-z0-9]{10}$/);
    expect(res.apiKeySource).toBe("HEADER");
    expect(res.disableExecuteApiEndpoint).toBe(false);
    expect(res.endpointConfiguration).toEqual({ types: ["EDGE"], ipAddressType: "ipv4" });
    expect(res.binaryMediaTypes).toEqual(["image/png"]);
    expect(res.createdDate!.getTime() / 1000).toBeGreaterThanOrEqual(before);
    const got = await client.send(new GetRestApiCommand({ restApiId: res.id! }));
    expect(got.name).toBe("photos");
    expect(got.description).toBe("d");
  });

  it("P7: CreateRestApi with binaryMediaTypes [] omits the key on the wire", async () => {
    const res = await client.send(new CreateRestApiCommand({ name: "p7", binaryMediaTypes: [] }));
    expect(res.$metadata.httpStatusCode).toBe(201);
    const raw = await rawGet(`/restapis/${res.id}`);
    expect(raw).not.toHaveProperty("binaryMediaTypes");
    expect(raw.createdDate).toBeTypeOf("number");
  });

  it("GetRestApis pages with limit/position, default 25, and refuses limit > 500", async () => {
    const fresh = await freshEmulator();
    try {
      const c = apigw(fresh.url);
      for (let i = 0; i < 27; i++) await c.send(new CreateRestApiCommand({ name: `api-${i}` }));
      const first = await c.send(new GetRestApisCommand({}));
      expect(first.items).toHaveLength(25);
      expect(first.position).toBeTruthy();
      const second = await c.send(new GetRestApisCommand({ position: first.position }));
      expect(second.items).toHaveLength(2);
      expect(second.position).toBeUndefined();
      const names = [...first.items!, ...second.items!].map((a) => a.name);
      expect(new Set(names).size).toBe(27);
      const small = await c.send(new GetRestApisCommand({ limit: 10 }));
      expect(small.items).toHaveLength(10);
      const err = await errorOf(() => c.send(new GetRestApisCommand({ limit: 501 })));
      expect(err.name).toBe("BadRequestException");
      expect(err.$metadata?.httpStatusCode).toBe(400);
      const badPos = await errorOf(() => c.send(new GetRestApisCommand({ position: "garbage!" })));
      expect(badPos.name).toBe("BadRequestException");
    } finally {
      await fresh.dispose();
    }
  });

  it("UpdateRestApi patches /name, /description and /minimumCompressionSize", async () => {
    const api = await client.send(new CreateRestApiCommand({ name: "old" }));
    const res = await client.send(
      new UpdateRestApiCommand({
        restApiId: api.id!,
        patchOperations: [
          { op: "replace", path: "/name", value: "new" },
          { op: "replace", path: "/description", value: "described" },
          { op: "replace", path: "/minimumCompressionSize", value: "1024" },
        ],
      }),
    );
    expect(res.name).toBe("new");
    expect(res.description).toBe("described");
    expect(res.minimumCompressionSize).toBe(1024);
    const bad = await errorOf(() =>
      client.send(
        new UpdateRestApiCommand({
          restApiId: api.id!,
          patchOperations: [{ op: "replace", path: "/minimumCompressionSize", value: "99999999" }],
        }),
      ),
    );
    expect(bad.name).toBe("BadRequestException");
    const unknownPath = await errorOf(() =>
      client.send(
        new UpdateRestApiCommand({
          restApiId: api.id!,
          patchOperations: [{ op: "replace", path: "/nope", value: "x" }],
        }),
      ),
    );
    expect(unknownPath.message).toBe("Invalid patch path /nope");
  });

  it("DeleteRestApi answers 202 and the API is gone (404 with AWS's message)", async () => {
    const api = await client.send(new CreateRestApiCommand({ name: "doomed" }));
    const del = await client.send(new DeleteRestApiCommand({ restApiId: api.id! }));
    expect(del.$metadata.httpStatusCode).toBe(202);
    const err = await errorOf(() => client.send(new GetRestApiCommand({ restApiId: api.id! })));
    expect(err.name).toBe("NotFoundException");
    expect(err.$metadata?.httpStatusCode).toBe(404);
    expect(err.message).toBe(`Invalid API identifier specified 000000000000:${api.id}`);
  });

  it("ids from the URL never reach prototype members", async () => {
    const err = await errorOf(() => client.send(new GetRestApiCommand({ restApiId: "__proto__" })));
    expect(err.name).toBe("NotFoundException");
    const err2 = await errorOf(() =>
      client.send(new GetStageCommand({ restApiId: "constructor", stageName: "toString" })),
    );
    expect(err2.name).toBe("NotFoundException");
  });
});

describe("resources, methods, integrations", () => {
  it("CreateResource builds paths; {param} and {proxy+} are allowed; GetResources embeds methods", async () => {
    const { api, images, item } = await apiWithMethod("res");
    expect(images.path).toBe("/images");
    expect(item.path).toBe("/images/{id}");
    expect(item.parentId).toBe(images.id);
    const proxy = await client.send(
      new CreateResourceCommand({ restApiId: api.id!, parentId: api.rootResourceId!, pathPart: "{proxy+}" }),
    );
    expect(proxy.$metadata.httpStatusCode).toBe(201);
    expect(proxy.path).toBe("/{proxy+}");

    const plain = await client.send(new GetResourcesCommand({ restApiId: api.id! }));
    expect(plain.items!.map((r) => r.path)).toEqual(["/", "/images", "/images/{id}", "/{proxy+}"]);
    expect(plain.items!.find((r) => r.id === item.id)!.resourceMethods).toEqual({ GET: {} });
    const embedded = await client.send(new GetResourcesCommand({ restApiId: api.id!, embed: ["methods"] }));
    const method = embedded.items!.find((r) => r.id === item.id)!.resourceMethods!.GET;
    expect(method.authorizationType).toBe("NONE");
    expect(method.methodIntegration?.type).toBe("AWS_PROXY");
    expect(method.methodIntegration?.uri).toBe(FN_URI);

    const page = await client.send(new GetResourcesCommand({ restApiId: api.id!, limit: 2 }));
    expect(page.items).toHaveLength(2);
    expect(page.position).toBeTruthy();

    const one = await client.send(new GetResourceCommand({ restApiId: api.id!, resourceId: images.id! }));
    expect(one.path).toBe("/images");
  });

  it("CreateResource refuses duplicates (409), bad path parts, two variables and children of {proxy+}", async () => {
    const api = await client.send(new CreateRestApiCommand({ name: "dupes" }));
    const root = api.rootResourceId!;
    await client.send(new CreateResourceCommand({ restApiId: api.id!, parentId: root, pathPart: "x" }));
    const dup = await errorOf(() =>
      client.send(new CreateResourceCommand({ restApiId: api.id!, parentId: root, pathPart: "x" })),
    );
    expect(dup.name).toBe("ConflictException");
    expect(dup.$metadata?.httpStatusCode).toBe(409);
    expect(dup.message).toBe("Another resource with the same parent already has this name: x");
    const bad = await errorOf(() =>
      client.send(new CreateResourceCommand({ restApiId: api.id!, parentId: root, pathPart: "a b" })),
    );
    expect(bad.name).toBe("BadRequestException");
    const v1 = await client.send(
      new CreateResourceCommand({ restApiId: api.id!, parentId: root, pathPart: "{proxy+}" }),
    );
    const v2 = await errorOf(() =>
      client.send(new CreateResourceCommand({ restApiId: api.id!, parentId: root, pathPart: "{id}" })),
    );
    expect(v2.name).toBe("BadRequestException");
    const child = await errorOf(() =>
      client.send(new CreateResourceCommand({ restApiId: api.id!, parentId: v1.id!, pathPart: "y" })),
    );
    expect(child.name).toBe("BadRequestException");
    const noParent = await errorOf(() =>
      client.send(new CreateResourceCommand({ restApiId: api.id!, parentId: "nope", pathPart: "z" })),
    );
    expect(noParent.name).toBe("NotFoundException");
    expect(noParent.message).toBe("Invalid Resource identifier specified");
  });

  it("DeleteResource (202) removes descendants; the root cannot be deleted", async () => {
    const { api, images, item } = await apiWithMethod("del-res");
    const del = await client.send(new DeleteResourceCommand({ restApiId: api.id!, resourceId: images.id! }));
    expect(del.$metadata.httpStatusCode).toBe(202);
    const gone = await errorOf(() => client.send(new GetResourceCommand({ restApiId: api.id!, resourceId: item.id! })));
    expect(gone.message).toBe("Invalid Resource identifier specified");
    const root = await errorOf(() =>
      client.send(new DeleteResourceCommand({ restApiId: api.id!, resourceId: api.rootResourceId! })),
    );
    expect(root.name).toBe("BadRequestException");
  });

  it("PutMethod 201, GetMethod with its integration, duplicate 409, DeleteMethod 204", async () => {
    const { api, item } = await apiWithMethod("methods");
    const got = await client.send(
      new GetMethodCommand({ restApiId: api.id!, resourceId: item.id!, httpMethod: "GET" }),
    );
    expect(got.httpMethod).toBe("GET");
    expect(got.apiKeyRequired).toBe(false);
    expect(got.methodIntegration?.httpMethod).toBe("POST");
    const dup = await errorOf(() =>
      client.send(
        new PutMethodCommand({
          restApiId: api.id!,
          resourceId: item.id!,
          httpMethod: "GET",
          authorizationType: "NONE",
        }),
      ),
    );
    expect(dup.name).toBe("ConflictException");
    const put = await client.send(
      new PutMethodCommand({
        restApiId: api.id!,
        resourceId: item.id!,
        httpMethod: "ANY",
        authorizationType: "AWS_IAM",
      }),
    );
    expect(put.$metadata.httpStatusCode).toBe(201);
    expect(put.authorizationType).toBe("AWS_IAM");
    const badVerb = await errorOf(() =>
      client.send(
        new PutMethodCommand({
          restApiId: api.id!,
          resourceId: item.id!,
          httpMethod: "FETCH",
          authorizationType: "NONE",
        }),
      ),
    );
    expect(badVerb.name).toBe("BadRequestException");
    const badAuth = await errorOf(() =>
      client.send(
        new PutMethodCommand({
          restApiId: api.id!,
          resourceId: item.id!,
          httpMethod: "POST",
          authorizationType: "MAGIC",
        }),
      ),
    );
    expect(badAuth.name).toBe("ValidationException");
    expect(badAuth.message).toBe(
      "1 validation error detected: Value 'MAGIC' at 'putMethodInput.authorizationType' failed to satisfy constraint: Member must satisfy enum value set: [NONE, AWS_IAM, CUSTOM, COGNITO_USER_POOLS]",
    );
    const del = await client.send(
      new DeleteMethodCommand({ restApiId: api.id!, resourceId: item.id!, httpMethod: "ANY" }),
    );
    expect(del.$metadata.httpStatusCode).toBe(204);
    const gone = await errorOf(() =>
      client.send(new GetMethodCommand({ restApiId: api.id!, resourceId: item.id!, httpMethod: "ANY" })),
    );
    expect(gone.name).toBe("NotFoundException");
    expect(gone.message).toBe("Invalid Method identifier specified");
  });

  it("PutIntegration validates type, uri, integrationHttpMethod and timeout; GetIntegration/DeleteIntegration", async () => {
    const api = await client.send(new CreateRestApiCommand({ name: "integrations" }));
    const r = api.rootResourceId!;
    await client.send(
      new PutMethodCommand({ restApiId: api.id!, resourceId: r, httpMethod: "GET", authorizationType: "NONE" }),
    );
    const base = { restApiId: api.id!, resourceId: r, httpMethod: "GET" };

    const noIntegration = await errorOf(() => client.send(new GetIntegrationCommand(base)));
    expect(noIntegration.name).toBe("NotFoundException");
    expect(noIntegration.message).toBe("Invalid Integration identifier specified");

    const noType = await errorOf(() => client.send(new PutIntegrationCommand({ ...base } as never)));
    expect(noType.name).toBe("ValidationException");
    expect(noType.message).toContain(
      "Value null at 'putIntegrationInput.type' failed to satisfy constraint: Member must not be null",
    );
    const noUri = await errorOf(() =>
      client.send(new PutIntegrationCommand({ ...base, type: "AWS_PROXY", integrationHttpMethod: "POST" })),
    );
    expect(noUri.name).toBe("BadRequestException");
    expect(noUri.message).toBe("Invalid integration URI specified");
    const noVerb = await errorOf(() =>
      client.send(new PutIntegrationCommand({ ...base, type: "AWS_PROXY", uri: FN_URI })),
    );
    expect(noVerb.message).toBe("Enumeration value for HttpMethod must be non-empty");
    const getVerb = await errorOf(() =>
      client.send(new PutIntegrationCommand({ ...base, type: "AWS_PROXY", uri: FN_URI, integrationHttpMethod: "GET" })),
    );
    expect(getVerb.name).toBe("BadRequestException");
    const notLambda = await errorOf(() =>
      client.send(
        new PutIntegrationCommand({
          ...base,
          type: "AWS_PROXY",
          uri: "https://example.com",
          integrationHttpMethod: "POST",
        }),
      ),
    );
    expect(notLambda.message).toBe(
      "Integrations of type 'AWS_PROXY' currently only supports Lambda function and Firehose stream invocations.",
    );
    const slow = await errorOf(() =>
      client.send(
        new PutIntegrationCommand({
          ...base,
          type: "AWS_PROXY",
          uri: FN_URI,
          integrationHttpMethod: "POST",
          timeoutInMillis: 29001,
        }),
      ),
    );
    expect(slow.message).toBe("Timeout should be between 50 ms and 29000 ms");
    const fast = await errorOf(() =>
      client.send(
        new PutIntegrationCommand({
          ...base,
          type: "AWS_PROXY",
          uri: FN_URI,
          integrationHttpMethod: "POST",
          timeoutInMillis: 49,
        }),
      ),
    );
    expect(fast.name).toBe("BadRequestException");

    const put = await client.send(
      new PutIntegrationCommand({ ...base, type: "AWS_PROXY", uri: FN_URI, integrationHttpMethod: "POST" }),
    );
    expect(put.$metadata.httpStatusCode).toBe(201);
    expect(put.timeoutInMillis).toBe(29000);
    expect(put.passthroughBehavior).toBe("WHEN_NO_MATCH");
    const got = await client.send(new GetIntegrationCommand(base));
    expect(got.type).toBe("AWS_PROXY");
    expect(got.uri).toBe(FN_URI);
    expect(got.httpMethod).toBe("POST");
    const mock = await client.send(
      new PutIntegrationCommand({
        ...base,
        type: "MOCK",
        requestTemplates: { "application/json": '{"statusCode": 200}' },
        timeoutInMillis: 50,
      }),
    );
    expect(mock.type).toBe("MOCK");
    expect(mock.timeoutInMillis).toBe(50);
    const del = await client.send(new DeleteIntegrationCommand(base));
    expect(del.$metadata.httpStatusCode).toBe(204);
    expect((await errorOf(() => client.send(new GetIntegrationCommand(base)))).name).toBe("NotFoundException");
  });
});

describe("method and integration responses (MOCK CORS preflight, docs/aws-binary-rules.md §10 R32/R33)", () => {
  it("PutMethodResponse, PutIntegrationResponse and UpdateIntegration contentHandling", async () => {
    const api = await client.send(new CreateRestApiCommand({ name: "cors" }));
    const base = { restApiId: api.id!, resourceId: api.rootResourceId!, httpMethod: "OPTIONS" };
    await client.send(new PutMethodCommand({ ...base, authorizationType: "NONE" }));
    const early = await errorOf(() => client.send(new PutIntegrationResponseCommand({ ...base, statusCode: "200" })));
    expect(early.message).toBe("Invalid Integration identifier specified");
    await client.send(
      new PutIntegrationCommand({
        ...base,
        type: "MOCK",
        requestTemplates: { "application/json": '{"statusCode": 200}' },
      }),
    );
    const mr = await client.send(
      new PutMethodResponseCommand({
        ...base,
        statusCode: "200",
        responseParameters: { "method.response.header.Access-Control-Allow-Origin": false },
      }),
    );
    expect(mr.$metadata.httpStatusCode).toBe(201);
    const ir = await client.send(
      new PutIntegrationResponseCommand({
        ...base,
        statusCode: "200",
        responseParameters: { "method.response.header.Access-Control-Allow-Origin": "'*'" },
        responseTemplates: { "application/json": "" },
      }),
    );
    expect(ir.$metadata.httpStatusCode).toBe(201);
    expect(ir.responseParameters).toEqual({ "method.response.header.Access-Control-Allow-Origin": "'*'" });
    expect((await client.send(new GetIntegrationResponseCommand({ ...base, statusCode: "200" }))).statusCode).toBe(
      "200",
    );
    expect(
      (await client.send(new GetMethodResponseCommand({ ...base, statusCode: "200" }))).responseParameters,
    ).toEqual({
      "method.response.header.Access-Control-Allow-Origin": false,
    });
    const method = await client.send(new GetMethodCommand(base));
    expect(Object.keys(method.methodResponses ?? {})).toEqual(["200"]);
    expect(Object.keys(method.methodIntegration?.integrationResponses ?? {})).toEqual(["200"]);

    const updated = await client.send(
      new UpdateIntegrationCommand({
        ...base,
        patchOperations: [{ op: "replace", path: "/contentHandling", value: "CONVERT_TO_TEXT" }],
      }),
    );
    expect(updated.contentHandling).toBe("CONVERT_TO_TEXT");
    const bad = await errorOf(() =>
      client.send(
        new UpdateIntegrationCommand({
          ...base,
          patchOperations: [{ op: "replace", path: "/contentHandling", value: "TEXT" }],
        }),
      ),
    );
    expect(bad.name).toBe("BadRequestException");
    const badStatus = await errorOf(() => client.send(new PutMethodResponseCommand({ ...base, statusCode: "2000" })));
    expect(badStatus.message).toBe("Invalid status code specified");

    expect(
      (await client.send(new DeleteIntegrationResponseCommand({ ...base, statusCode: "200" }))).$metadata
        .httpStatusCode,
    ).toBe(204);
    const gone = await errorOf(() => client.send(new GetIntegrationResponseCommand({ ...base, statusCode: "200" })));
    expect(gone.name).toBe("NotFoundException");
  });
});

describe("deployments and stages", () => {
  it("CreateDeployment refuses an API without methods", async () => {
    const api = await client.send(new CreateRestApiCommand({ name: "empty" }));
    const err = await errorOf(() =>
      client.send(new CreateDeploymentCommand({ restApiId: api.id!, stageName: "prod" })),
    );
    expect(err.name).toBe("BadRequestException");
    expect(err.$metadata?.httpStatusCode).toBe(400);
    expect(err.message).toBe("The REST API doesn't contain any methods");
  });

  it("CreateDeployment (201) with stageName creates the stage, then repoints it; GetDeployments/GetDeployment", async () => {
    const { api } = await apiWithMethod("deploy");
    const d1 = await client.send(
      new CreateDeploymentCommand({
        restApiId: api.id!,
        stageName: "prod",
        description: "first",
        variables: { fn: "images" },
      }),
    );
    expect(d1.$metadata.httpStatusCode).toBe(201);
    expect(d1.id).toMatch(/^[a-z0-9]{10}$/);
    expect(d1.description).toBe("first");
    const stage = await client.send(new GetStageCommand({ restApiId: api.id!, stageName: "prod" }));
    expect(stage.deploymentId).toBe(d1.id);
    expect(stage.variables).toEqual({ fn: "images" });
    expect(stage.createdDate).toBeInstanceOf(Date);

    const d2 = await client.send(new CreateDeploymentCommand({ restApiId: api.id!, stageName: "prod" }));
    const again = await client.send(new GetStageCommand({ restApiId: api.id!, stageName: "prod" }));
    expect(again.deploymentId).toBe(d2.id);

    const list = await client.send(new GetDeploymentsCommand({ restApiId: api.id! }));
    expect(list.items!.map((d) => d.id).sort()).toEqual([d1.id, d2.id].sort());
    const one = await client.send(
      new GetDeploymentCommand({ restApiId: api.id!, deploymentId: d1.id!, embed: ["apisummary"] }),
    );
    expect(one.apiSummary?.["/images/{id}"]?.GET).toBeDefined();
    const missing = await errorOf(() =>
      client.send(new GetDeploymentCommand({ restApiId: api.id!, deploymentId: "nope" })),
    );
    expect(missing.name).toBe("NotFoundException");
    const inUse = await errorOf(() =>
      client.send(new DeleteDeploymentCommand({ restApiId: api.id!, deploymentId: d2.id! })),
    );
    expect(inUse.name).toBe("BadRequestException");
    const del = await client.send(new DeleteDeploymentCommand({ restApiId: api.id!, deploymentId: d1.id! }));
    expect(del.$metadata.httpStatusCode).toBe(202);
  });

  it("a deployment is a frozen snapshot: later changes do not reach it", async () => {
    const { api } = await apiWithMethod("snapshot");
    await client.send(
      new UpdateRestApiCommand({
        restApiId: api.id!,
        patchOperations: [{ op: "add", path: "/binaryMediaTypes/image~1png" }],
      }),
    );
    const d = await client.send(new CreateDeploymentCommand({ restApiId: api.id!, stageName: "prod" }));
    await client.send(
      new UpdateRestApiCommand({
        restApiId: api.id!,
        patchOperations: [{ op: "add", path: "/binaryMediaTypes/*~1*" }],
      }),
    );
    const stored = emu.ctx.store.read().regions["us-east-1"].restApis[api.id!];
    expect(stored.deployments[d.id!].snapshot.binaryMediaTypes).toEqual(["image/png"]);
    expect(stored.binaryMediaTypes).toEqual(["image/png", "*/*"]);
  });

  it("CreateStage/GetStages/UpdateStage/DeleteStage", async () => {
    const { api } = await apiWithMethod("stages");
    const d1 = await client.send(new CreateDeploymentCommand({ restApiId: api.id! }));
    const d2 = await client.send(new CreateDeploymentCommand({ restApiId: api.id! }));
    const created = await client.send(
      new CreateStageCommand({ restApiId: api.id!, stageName: "dev", deploymentId: d1.id!, description: "dev stage" }),
    );
    expect(created.$metadata.httpStatusCode).toBe(201);
    expect(created.description).toBe("dev stage");
    const dup = await errorOf(() =>
      client.send(new CreateStageCommand({ restApiId: api.id!, stageName: "dev", deploymentId: d1.id! })),
    );
    expect(dup.name).toBe("ConflictException");
    expect(dup.message).toBe("Stage already exists");
    const unknownDep = await errorOf(() =>
      client.send(new CreateStageCommand({ restApiId: api.id!, stageName: "qa", deploymentId: "nope000000" })),
    );
    expect(unknownDep.name).toBe("NotFoundException");
    expect(unknownDep.message).toBe("Invalid Deployment identifier specified");
    await client.send(new CreateStageCommand({ restApiId: api.id!, stageName: "prod", deploymentId: d2.id! }));

    const all = await client.send(new GetStagesCommand({ restApiId: api.id! }));
    expect(all.item!.map((s) => s.stageName)).toEqual(["dev", "prod"]);
    const filtered = await client.send(new GetStagesCommand({ restApiId: api.id!, deploymentId: d2.id! }));
    expect(filtered.item!.map((s) => s.stageName)).toEqual(["prod"]);

    const updated = await client.send(
      new UpdateStageCommand({
        restApiId: api.id!,
        stageName: "dev",
        patchOperations: [
          { op: "replace", path: "/deploymentId", value: d2.id! },
          { op: "replace", path: "/description", value: "moved" },
          { op: "replace", path: "/variables/alias", value: "live" },
        ],
      }),
    );
    expect(updated.deploymentId).toBe(d2.id);
    expect(updated.description).toBe("moved");
    expect(updated.variables).toEqual({ alias: "live" });
    const removed = await client.send(
      new UpdateStageCommand({
        restApiId: api.id!,
        stageName: "dev",
        patchOperations: [{ op: "remove", path: "/variables/alias" }],
      }),
    );
    expect(removed.variables).toBeUndefined();
    const badDep = await errorOf(() =>
      client.send(
        new UpdateStageCommand({
          restApiId: api.id!,
          stageName: "dev",
          patchOperations: [{ op: "replace", path: "/deploymentId", value: "nope" }],
        }),
      ),
    );
    expect(badDep.name).toBe("NotFoundException");

    const del = await client.send(new DeleteStageCommand({ restApiId: api.id!, stageName: "dev" }));
    expect(del.$metadata.httpStatusCode).toBe(202);
    const gone = await errorOf(() => client.send(new GetStageCommand({ restApiId: api.id!, stageName: "dev" })));
    expect(gone.name).toBe("NotFoundException");
    expect(gone.message).toBe("Invalid Stage identifier specified");
  });
});

describe("regions and bad input", () => {
  it("regions are separate, as on AWS", async () => {
    const west = apigw(emu.url, { region: "eu-west-1" });
    const api = await west.send(new CreateRestApiCommand({ name: "in-eu" }));
    const inWest = await west.send(new GetRestApisCommand({}));
    expect(inWest.items!.map((a) => a.id)).toEqual([api.id]);
    const err = await errorOf(() => client.send(new GetRestApiCommand({ restApiId: api.id! })));
    expect(err.name).toBe("NotFoundException");
    const east = await client.send(new GetRestApisCommand({ limit: 500 }));
    expect(east.items!.some((a) => a.id === api.id)).toBe(false);
  });

  it("malformed JSON, unknown members and wrong types are 400s and the emulator keeps serving", async () => {
    const bad = await signedFetch("POST", "/restapis", "{not json");
    expect(bad.status).toBe(400);
    expect(bad.headers.get("x-amzn-errortype")).toBe("SerializationException");
    expect((await bad.json()).message).toMatch(/^Could not parse request body into json/);
    const unknown = await signedFetch("POST", "/restapis", JSON.stringify({ name: "x", colour: "red" }));
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get("x-amzn-errortype")).toBe("SerializationException");
    expect((await unknown.json()).message).toContain('"colour"');
    const wrongType = await signedFetch("POST", "/restapis", JSON.stringify({ name: 42 }));
    expect(wrongType.status).toBe(400);
    expect(wrongType.headers.get("x-amzn-errortype")).toBe("SerializationException");
    const arrayBody = await signedFetch("POST", "/restapis", "[]");
    expect(arrayBody.status).toBe(400);
    const noName = await signedFetch("POST", "/restapis", "{}");
    expect(noName.status).toBe(400);
    expect(noName.headers.get("x-amzn-errortype")).toBe("ValidationException");
    expect((await noName.json()).message).toBe(
      "1 validation error detected: Value null at 'createRestApiInput.name' failed to satisfy constraint: Member must not be null",
    );
    const ok = await client.send(new GetRestApisCommand({}));
    expect(ok.$metadata.httpStatusCode).toBe(200);
  });

  it("an unknown path or method answers 404 UnknownOperationException", async () => {
    const res = await signedFetch("GET", "/restapis/abc/nothing-here");
    expect(res.status).toBe(404);
    expect(res.headers.get("x-amzn-errortype")).toBe("UnknownOperationException");
    const wrongVerb = await signedFetch("PUT", "/restapis");
    expect(wrongVerb.status).toBe(404);
    expect(wrongVerb.headers.get("x-amzn-requestid")).toBeTruthy();
  });

  it("a body over 10 MB gets 413 without being read, and the emulator keeps serving", async () => {
    const big = "x".repeat(10 * 1024 * 1024 + 1);
    const res = await signedFetch("POST", "/restapis", big).catch((e: Error) => e);
    if (res instanceof Error) throw res;
    expect(res.status).toBe(413);
    expect(await res.text()).toBe("HTTP content length exceeded 10485760 bytes.");
    const ok = await client.send(new GetRestApisCommand({}));
    expect(ok.$metadata.httpStatusCode).toBe(200);
  });
});

/** A hand-signed request with a JSON body (to send what the SDK would never send). */
function signedFetch(method: string, path: string, body?: string): Promise<Response> {
  return signed(emu.url, {
    method,
    path,
    body,
    headers: { "content-type": "application/json", accept: "application/json" },
  });
}

async function rawGet(path: string): Promise<Record<string, unknown>> {
  const res = await signedFetch("GET", path);
  expect(res.status).toBe(200);
  return res.json();
}
