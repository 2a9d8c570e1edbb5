// API keys and usage plans over HTTP: the real SDK for the control plane, fetch for the stage, the AWS CLI as
// the independent client. A method deployed with apiKeyRequired answers 403 {"message":"Forbidden"} unless
// x-api-key is an enabled key in a usage plan for that stage, as on AWS.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateApiKeyCommand,
  CreateDeploymentCommand,
  CreateRestApiCommand,
  CreateUsagePlanCommand,
  CreateUsagePlanKeyCommand,
  DeleteApiKeyCommand,
  DeleteUsagePlanKeyCommand,
  GetApiKeyCommand,
  GetApiKeysCommand,
  GetResourcesCommand,
  GetUsagePlanKeysCommand,
  GetUsagePlansCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
} from "@aws-sdk/client-api-gateway";
import { startTestEmulator, type TestEmulator } from "../../support/emulator";
import { errorOf } from "../core/helpers";
import { awsCli, requireAwsCli } from "../cli/aws-cli";

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator({ prefix: "bg-apikeys-" });
});
afterAll(() => emu?.dispose());

/** A REST API whose GET / is a MOCK answering 200 {"ok":true}, deployed to prod; apiKeyRequired as given. */
async function mockApi(apiKeyRequired: boolean): Promise<string> {
  const sdk = emu.apigw;
  const api = await sdk.send(new CreateRestApiCommand({ name: `keys-${Math.random().toString(36).slice(2)}` }));
  const restApiId = api.id!;
  const root = (await sdk.send(new GetResourcesCommand({ restApiId }))).items!.find((r) => r.path === "/")!;
  const at = { restApiId, resourceId: root.id!, httpMethod: "GET" };
  await sdk.send(new PutMethodCommand({ ...at, authorizationType: "NONE", apiKeyRequired }));
  await sdk.send(
    new PutIntegrationCommand({ ...at, type: "MOCK", requestTemplates: { "application/json": '{"statusCode":200}' } }),
  );
  await sdk.send(new PutMethodResponseCommand({ ...at, statusCode: "200" }));
  await sdk.send(
    new PutIntegrationResponseCommand({
      ...at,
      statusCode: "200",
      responseTemplates: { "application/json": '{"ok":true}' },
    }),
  );
  await sdk.send(new CreateDeploymentCommand({ restApiId, stageName: "prod" }));
  return restApiId;
}

function invoke(apiId: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${emu.url}/_aws/execute-api/${apiId}/prod/`, { headers });
}

async function forbidden(res: Response): Promise<void> {
  expect(res.status).toBe(403);
  expect(await res.json()).toEqual({ message: "Forbidden" });
  expect(res.headers.get("x-amzn-errortype")).toBe("ForbiddenException");
}

describe("a method with apiKeyRequired", () => {
  it("answers 403 Forbidden without a key, with a wrong one, and before the key is in a plan", async () => {
    const apiId = await mockApi(true);
    await forbidden(await invoke(apiId));
    await forbidden(await invoke(apiId, { "x-api-key": "not-a-key-of-this-account-at-all" }));
    const key = await emu.apigw.send(new CreateApiKeyCommand({ name: "alone", enabled: true }));
    await forbidden(await invoke(apiId, { "x-api-key": key.value! }));
  });

  it("opens the stage to an enabled key in a plan for it; not a disabled key, not another stage", async () => {
    const apiId = await mockApi(true);
    const other = await mockApi(true);
    const key = await emu.apigw.send(
      new CreateApiKeyCommand({ name: "partner", enabled: true, value: "partner-key-0123456789abcdef" }),
    );
    expect(key.value).toBe("partner-key-0123456789abcdef");
    const plan = await emu.apigw.send(
      new CreateUsagePlanCommand({ name: "partners", apiStages: [{ apiId, stage: "prod" }] }),
    );
    const added = await emu.apigw.send(
      new CreateUsagePlanKeyCommand({ usagePlanId: plan.id!, keyId: key.id!, keyType: "API_KEY" }),
    );
    expect(added).toMatchObject({ id: key.id, type: "API_KEY", name: "partner" });
    const ok = await invoke(apiId, { "x-api-key": key.value! });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ ok: true });
    await forbidden(await invoke(other, { "x-api-key": key.value! }));

    const disabled = await emu.apigw.send(new CreateApiKeyCommand({ name: "off", value: "disabled-key-0123456789" }));
    expect(disabled.enabled).toBe(false); // AWS's default
    await emu.apigw.send(
      new CreateUsagePlanKeyCommand({ usagePlanId: plan.id!, keyId: disabled.id!, keyType: "API_KEY" }),
    );
    await forbidden(await invoke(apiId, { "x-api-key": disabled.value! }));

    // Removing the key from the plan applies at once (keys and plans are not deployed).
    await emu.apigw.send(new DeleteUsagePlanKeyCommand({ usagePlanId: plan.id!, keyId: key.id! }));
    await forbidden(await invoke(apiId, { "x-api-key": key.value! }));
  });

  it("a method without apiKeyRequired ignores keys", async () => {
    const apiId = await mockApi(false);
    expect((await invoke(apiId)).status).toBe(200);
    expect((await invoke(apiId, { "x-api-key": "whatever-whatever-whatever" })).status).toBe(200);
  });
});

describe("API key and usage plan operations (SDK)", () => {
  it("GetApiKeys hides values unless includeValues; GetApiKey with includeValue; DeleteApiKey", async () => {
    const key = await emu.apigw.send(new CreateApiKeyCommand({ name: "listed", enabled: true }));
    expect(key.value).toMatch(/^[A-Za-z0-9]{40}$/);
    const hidden = (await emu.apigw.send(new GetApiKeysCommand({ limit: 500 }))).items!.find((k) => k.id === key.id);
    expect(hidden).toMatchObject({ name: "listed", enabled: true });
    expect(hidden?.value).toBeUndefined();
    const shown = (await emu.apigw.send(new GetApiKeysCommand({ includeValues: true, limit: 500 }))).items!;
    expect(shown.find((k) => k.id === key.id)?.value).toBe(key.value);
    const one = await emu.apigw.send(new GetApiKeyCommand({ apiKey: key.id!, includeValue: true }));
    expect(one.value).toBe(key.value);
    await emu.apigw.send(new DeleteApiKeyCommand({ apiKey: key.id! }));
    const gone = await errorOf(() => emu.apigw.send(new GetApiKeyCommand({ apiKey: key.id! })));
    expect(gone.name).toBe("NotFoundException");
    expect(gone.message).toBe("Invalid API Key identifier specified");
  });

  it("refuses a value under 20 characters, a duplicate value, and a plan for a stage that does not exist", async () => {
    const short = await errorOf(() => emu.apigw.send(new CreateApiKeyCommand({ name: "s", value: "too-short" })));
    expect(short.name).toBe("BadRequestException");
    expect(short.message).toContain("at least 20");
    await emu.apigw.send(new CreateApiKeyCommand({ name: "a", value: "duplicate-value-0123456789" }));
    const dup = await errorOf(() =>
      emu.apigw.send(new CreateApiKeyCommand({ name: "b", value: "duplicate-value-0123456789" })),
    );
    expect(dup.name).toBe("ConflictException");
    const apiId = await mockApi(true);
    const noStage = await errorOf(() =>
      emu.apigw.send(new CreateUsagePlanCommand({ name: "x", apiStages: [{ apiId, stage: "nope" }] })),
    );
    expect(noStage.name).toBe("NotFoundException");
  });
});

describe("the AWS CLI drives the same operations", () => {
  it("create-api-key, create-usage-plan, create-usage-plan-key, get-api-keys; the key opens the stage", async () => {
    requireAwsCli();
    const apiId = await mockApi(true);
    const created = await awsCli(emu, "apigateway", "create-api-key", "--name", "cli-key", "--enabled");
    expect(created.code, created.stderr).toBe(0);
    const key = JSON.parse(created.stdout) as { id: string; value: string; enabled: boolean };
    expect(key.enabled).toBe(true);
    const plan = await awsCli(
      emu,
      "apigateway",
      "create-usage-plan",
      "--name",
      "cli-plan",
      "--api-stages",
      `apiId=${apiId},stage=prod`,
    );
    expect(plan.code, plan.stderr).toBe(0);
    const planId = (JSON.parse(plan.stdout) as { id: string; apiStages: unknown[] }).id;
    const link = await awsCli(
      emu,
      "apigateway",
      "create-usage-plan-key",
      "--usage-plan-id",
      planId,
      "--key-id",
      key.id,
      "--key-type",
      "API_KEY",
    );
    expect(link.code, link.stderr).toBe(0);
    const keys = await awsCli(emu, "apigateway", "get-usage-plan-keys", "--usage-plan-id", planId);
    expect((JSON.parse(keys.stdout) as { items: { id: string }[] }).items.map((k) => k.id)).toEqual([key.id]);
    const listed = await awsCli(emu, "apigateway", "get-api-keys", "--include-values");
    expect(listed.code, listed.stderr).toBe(0);
    expect((JSON.parse(listed.stdout) as { items: { id: string; value?: string }[] }).items).toContainEqual(
      expect.objectContaining({ id: key.id, value: key.value }),
    );
    expect((await invoke(apiId, { "x-api-key": key.value })).status).toBe(200);
    const plans = await emu.apigw.send(new GetUsagePlansCommand({}));
    expect(plans.items?.find((p) => p.id === planId)?.apiStages).toEqual([{ apiId, stage: "prod" }]);
    const sdkKeys = await emu.apigw.send(new GetUsagePlanKeysCommand({ usagePlanId: planId }));
    expect(sdkKeys.items?.[0]?.value).toBe(key.value);
  }, 120_000);
});
