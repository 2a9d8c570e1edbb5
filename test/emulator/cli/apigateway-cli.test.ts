// Wire compatibility with a second, independent client: the AWS CLI v2 (/usr/bin/aws, Python, Capitalised
// headers, no x-amz-content-sha256, SignedHeaders=accept;host;x-amz-date — docs/development.md §4).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awsCli, requireAwsCli } from "./aws-cli";
import { readFile } from "node:fs/promises";
import path from "node:path";
import {
  CreateRestApiCommand,
  GetRestApiCommand,
  PutIntegrationCommand,
  PutMethodCommand,
} from "@aws-sdk/client-api-gateway";
import { apigw, freshEmulator } from "../core/helpers";

let emu: Awaited<ReturnType<typeof freshEmulator>>;
let apiId: string;

const aws = (...args: string[]) => awsCli(emu, ...args);

beforeAll(async () => {
  requireAwsCli();
  emu = await freshEmulator();
  const client = apigw(emu.url);
  const api = await client.send(new CreateRestApiCommand({ name: "cli-api" }));
  apiId = api.id!;
  await client.send(
    new PutMethodCommand({
      restApiId: apiId,
      resourceId: api.rootResourceId!,
      httpMethod: "GET",
      authorizationType: "NONE",
    }),
  );
  await client.send(
    new PutIntegrationCommand({
      restApiId: apiId,
      resourceId: api.rootResourceId!,
      httpMethod: "GET",
      type: "AWS_PROXY",
      integrationHttpMethod: "POST",
      uri: "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:images/invocations",
    }),
  );
});
afterAll(async () => {
  await emu?.dispose();
});

describe("AWS CLI v2 against the emulator", () => {
  it("get-rest-apis lists the API under items", async () => {
    const r = await aws("apigateway", "get-rest-apis");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.items.map((a: { id: string; name: string }) => [a.id, a.name])).toEqual([[apiId, "cli-api"]]);
  });

  it("update-rest-api with the shorthand ~1 patch path adds the type", async () => {
    const r = await aws(
      "apigateway",
      "update-rest-api",
      "--rest-api-id",
      apiId,
      "--patch-operations",
      "op=add,path=/binaryMediaTypes/image~1png",
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).binaryMediaTypes).toEqual(["image/png"]);
    const got = await apigw(emu.url).send(new GetRestApiCommand({ restApiId: apiId }));
    expect(got.binaryMediaTypes).toEqual(["image/png"]);
  });

  it("create-deployment --stage-name prod, then get-export writes the deployed list to the outfile", async () => {
    const d = await aws("apigateway", "create-deployment", "--rest-api-id", apiId, "--stage-name", "prod");
    expect(d.code).toBe(0);
    expect(JSON.parse(d.stdout).id).toMatch(/^[a-z0-9]{10}$/);
    const outfile = path.join(emu.stateDir, "export.json");
    const e = await aws(
      "apigateway",
      "get-export",
      "--rest-api-id",
      apiId,
      "--stage-name",
      "prod",
      "--export-type",
      "oas30",
      "--parameters",
      "extensions=apigateway",
      "--accepts",
      "application/json",
      outfile,
    );
    expect(e.code).toBe(0);
    expect(JSON.parse(e.stdout).contentDisposition).toMatch(/^attachment; filename="oas30_/);
    const doc = JSON.parse(await readFile(outfile, "utf8"));
    expect(doc["x-amazon-apigateway-binary-media-types"]).toEqual(["image/png"]);
  });

  it("errors come out as the CLI prints AWS's: exit 254, name and message", async () => {
    const r = await aws("apigateway", "get-rest-api", "--rest-api-id", "nope");
    expect(r.code).toBe(254);
    expect(r.stderr).toContain(
      "An error occurred (NotFoundException) when calling the GetRestApi operation: Invalid API identifier specified 000000000000:nope",
    );
  });
});
