// UpdateRestApi binaryMediaTypes patches (docs/aws-binary-rules.md §6.1, vectors P1–P7) and GetExport
// (docs/aws-binary-rules.md §6.2, P8/P9), real SDK over HTTP.
import { beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import {
  CreateDeploymentCommand,
  CreateRestApiCommand,
  GetExportCommand,
  GetRestApiCommand,
  PutIntegrationCommand,
  PutMethodCommand,
  UpdateRestApiCommand,
  type APIGatewayClient,
  type PatchOperation,
} from "@aws-sdk/client-api-gateway";
import { binaryMediaTypePatchPath } from "@/lib/binary";
import { apigw, errorOf } from "../core/helpers";
import { useEmulator } from "../../support/emulator";

const emu = useEmulator();
let client: APIGatewayClient;
const FN_URI =
  "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:images/invocations";

beforeAll(() => {
  client = apigw(emu.url);
});

const newApi = async (name: string) => (await client.send(new CreateRestApiCommand({ name }))).id!;
const patch = (restApiId: string, ...patchOperations: PatchOperation[]) =>
  client.send(new UpdateRestApiCommand({ restApiId, patchOperations }));

describe("UpdateRestApi binaryMediaTypes (docs/aws-binary-rules.md §6.1)", () => {
  it("P1–P3: add, add, replace appends at the end, remove", async () => {
    const id = await newApi("p1");
    const p1 = await patch(
      id,
      { op: "add", path: "/binaryMediaTypes/image~1png" },
      { op: "add", path: "/binaryMediaTypes/image~1jpeg" },
    );
    expect(p1.$metadata.httpStatusCode).toBe(200);
    expect(p1.binaryMediaTypes).toEqual(["image/png", "image/jpeg"]);
    const p2 = await patch(id, { op: "replace", path: "/binaryMediaTypes/image~1png", value: "image/gif" });
    expect(p2.binaryMediaTypes).toEqual(["image/jpeg", "image/gif"]);
    const p3 = await patch(id, { op: "remove", path: "/binaryMediaTypes/image~1gif" });
    expect(p3.binaryMediaTypes).toEqual(["image/jpeg"]);
    const got = await client.send(new GetRestApiCommand({ restApiId: id }));
    expect(got.binaryMediaTypes).toEqual(["image/jpeg"]);
  });

  it("P4: add /binaryMediaTypes/- stores the literal '-' (the value is ignored)", async () => {
    const id = await newApi("p4");
    const res = await patch(id, { op: "add", path: "/binaryMediaTypes/-", value: "image/png" });
    expect(res.binaryMediaTypes).toEqual(["-"]);
  });

  it("P5: add/replace/remove on the bare /binaryMediaTypes path → 400 Invalid patch path", async () => {
    const id = await newApi("p5");
    for (const op of ["add", "replace", "remove"] as const) {
      const err = await errorOf(() => patch(id, { op, path: "/binaryMediaTypes", value: "image/png" }));
      expect(err.name).toBe("BadRequestException");
      expect(err.$metadata?.httpStatusCode).toBe(400);
      expect(err.message).toBe("Invalid patch path /binaryMediaTypes");
    }
  });

  it("P6: unknown API id → 404 with the account id in the message", async () => {
    const err = await errorOf(() => patch("api_id", { op: "add", path: "/binaryMediaTypes/image~1png" }));
    expect(err.name).toBe("NotFoundException");
    expect(err.$metadata?.httpStatusCode).toBe(404);
    expect(err.message).toBe("Invalid API identifier specified 000000000000:api_id");
  });

  it("an op outside the enum → 400 ValidationException with AWS's exact text", async () => {
    const id = await newApi("enum");
    const err = await errorOf(() => patch(id, { op: "wrong" as never, path: "/binaryMediaTypes/image~1png" }));
    expect(err.name).toBe("ValidationException");
    expect(err.$metadata?.httpStatusCode).toBe(400);
    expect(err.message).toBe(
      "1 validation error detected: Value 'wrong' at 'updateRestApiInput.patchOperations.1.member.op' failed to satisfy constraint: Member must satisfy enum value set: [add, remove, move, test, replace, copy]",
    );
    const two = await errorOf(() =>
      patch(
        id,
        { op: "add", path: "/binaryMediaTypes/a~1b" },
        { op: "bad" as never, path: "/x" },
        { op: "worse" as never, path: "/y" },
      ),
    );
    expect(two.message).toMatch(
      /^2 validation errors detected: Value 'bad' at 'updateRestApiInput\.patchOperations\.2\.member\.op'.*; Value 'worse' at 'updateRestApiInput\.patchOperations\.3\.member\.op'/,
    );
  });

  it("adding an existing type keeps one copy; removing a missing one is a no-op; */* and ~0 round-trip", async () => {
    const id = await newApi("idem");
    await patch(
      id,
      { op: "add", path: binaryMediaTypePatchPath("*/*") },
      { op: "add", path: binaryMediaTypePatchPath("*/*") },
    );
    const res = await patch(
      id,
      { op: "remove", path: "/binaryMediaTypes/image~1webp" },
      { op: "add", path: binaryMediaTypePatchPath("application/vnd.a~b") },
    );
    expect(res.binaryMediaTypes).toEqual(["*/*", "application/vnd.a~b"]);
  });

  it("a request with one bad operation applies none of them (atomic)", async () => {
    const id = await newApi("atomic");
    const err = await errorOf(() =>
      patch(id, { op: "add", path: "/binaryMediaTypes/image~1png" }, { op: "replace", path: "/nope", value: "x" }),
    );
    expect(err.message).toBe("Invalid patch path /nope");
    const got = await client.send(new GetRestApiCommand({ restApiId: id }));
    expect(got.binaryMediaTypes).toBeUndefined();
  });

  it("100 parallel single adds of distinct types all land, with far fewer than 100 state writes", async () => {
    const id = await newApi("parallel");
    const types = Array.from({ length: 100 }, (_, i) => `application/x-type-${i}`);
    const writesBefore = (emu.ctx.store as unknown as { writes: number }).writes;
    const parallel = apigw(emu.url);
    await Promise.all(
      types.map((t) =>
        parallel.send(
          new UpdateRestApiCommand({
            restApiId: id,
            patchOperations: [{ op: "add", path: binaryMediaTypePatchPath(t) }],
          }),
        ),
      ),
    );
    const writes = (emu.ctx.store as unknown as { writes: number }).writes - writesBefore;
    const got = await client.send(new GetRestApiCommand({ restApiId: id }));
    expect([...got.binaryMediaTypes!].sort()).toEqual([...types].sort());
    expect(writes).toBeLessThan(100);
  });
});

describe("GetExport (docs/aws-binary-rules.md §6.2)", () => {
  let apiId: string;
  beforeAll(async () => {
    apiId = await newApi("exported");
    const root = (await client.send(new GetRestApiCommand({ restApiId: apiId }))).rootResourceId!;
    await client.send(
      new PutMethodCommand({ restApiId: apiId, resourceId: root, httpMethod: "GET", authorizationType: "NONE" }),
    );
    await client.send(
      new PutIntegrationCommand({
        restApiId: apiId,
        resourceId: root,
        httpMethod: "GET",
        type: "AWS_PROXY",
        integrationHttpMethod: "POST",
        uri: FN_URI,
      }),
    );
    await patch(
      apiId,
      { op: "add", path: "/binaryMediaTypes/image~1png" },
      { op: "add", path: "/binaryMediaTypes/image~1jpg" },
    );
    await client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: "prod" }));
    // Changed after the deployment: the export must still show the deployed list.
    await patch(apiId, { op: "add", path: "/binaryMediaTypes/*~1*" });
  });

  it("P8: swagger with extensions=apigateway carries the deployed top-level binary media types", async () => {
    const res = await client.send(
      new GetExportCommand({
        restApiId: apiId,
        stageName: "prod",
        exportType: "swagger",
        accepts: "application/json",
        parameters: { extensions: "apigateway" },
      }),
    );
    expect(res.$metadata.httpStatusCode).toBe(200);
    expect(res.contentDisposition).toMatch(/^attachment; filename="swagger_.+\.json"$/);
    expect(res.contentType).toBeTruthy();
    const doc = JSON.parse(new TextDecoder().decode(res.body));
    expect(doc.swagger).toBe("2.0");
    expect(doc.basePath).toBe("/prod");
    expect(doc["x-amazon-apigateway-binary-media-types"]).toEqual(["image/png", "image/jpg"]);
    expect(doc.paths["/"].get["x-amazon-apigateway-integration"]).toMatchObject({
      type: "aws_proxy",
      httpMethod: "POST",
      uri: FN_URI,
    });
  });

  it("P9: swagger without parameters has no binary media types and no integrations", async () => {
    const res = await client.send(new GetExportCommand({ restApiId: apiId, stageName: "prod", exportType: "swagger" }));
    const doc = JSON.parse(new TextDecoder().decode(res.body));
    expect(doc).not.toHaveProperty("x-amazon-apigateway-binary-media-types");
    expect(doc.paths["/"].get).not.toHaveProperty("x-amazon-apigateway-integration");
  });

  it("oas30 as YAML with extensions=integrations carries the list too", async () => {
    const res = await client.send(
      new GetExportCommand({
        restApiId: apiId,
        stageName: "prod",
        exportType: "oas30",
        accepts: "application/yaml",
        parameters: { extensions: "integrations" },
      }),
    );
    expect(res.contentType).toBe("application/yaml");
    expect(res.contentDisposition).toMatch(/\.yaml"$/);
    const text = new TextDecoder().decode(res.body);
    expect(text.trimStart().startsWith("{")).toBe(false);
    const doc = parseYaml(text);
    expect(doc.openapi).toBe("3.0.1");
    expect(doc["x-amazon-apigateway-binary-media-types"]).toEqual(["image/png", "image/jpg"]);
  });

  it("oas30 JSON without extensions has none; unknown stage and export type are errors", async () => {
    const res = await client.send(
      new GetExportCommand({ restApiId: apiId, stageName: "prod", exportType: "oas30", accepts: "application/json" }),
    );
    const doc = JSON.parse(new TextDecoder().decode(res.body));
    expect(doc.openapi).toBe("3.0.1");
    expect(doc).not.toHaveProperty("x-amazon-apigateway-binary-media-types");
    const noStage = await errorOf(() =>
      client.send(new GetExportCommand({ restApiId: apiId, stageName: "nope", exportType: "oas30" })),
    );
    expect(noStage.name).toBe("NotFoundException");
    expect(noStage.message).toBe("Invalid Stage identifier specified");
    const badType = await errorOf(() =>
      client.send(new GetExportCommand({ restApiId: apiId, stageName: "prod", exportType: "raml" })),
    );
    expect(badType.name).toBe("BadRequestException");
  });
});
