// AWS-shaped limits on what one request may store (docs/security.md promise 11): a 9 MB API name, 10,000 binary media
// types in one PATCH, an overlong media type. Refused with BadRequestException; nothing of the request is stored.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateRestApiCommand, GetRestApiCommand, UpdateRestApiCommand } from "@aws-sdk/client-api-gateway";
import { apigw, errorOf, freshEmulator } from "../emulator/core/helpers";

describe("API Gateway limits", () => {
  let emu: Awaited<ReturnType<typeof freshEmulator>>;
  let sdk: ReturnType<typeof apigw>;
  let apiId: string;
  beforeAll(async () => {
    emu = await freshEmulator();
    sdk = apigw(emu.url);
    apiId = (await sdk.send(new CreateRestApiCommand({ name: "limits", binaryMediaTypes: ["image/png"] }))).id!;
  });
  afterAll(async () => {
    sdk?.destroy();
    await emu?.dispose();
  });

  it("refuses a 9 MB API name on create and on rename", async () => {
    const huge = "n".repeat(9 * 1024 * 1024);
    const create = await errorOf(() => sdk.send(new CreateRestApiCommand({ name: huge })));
    expect(create.name).toBe("BadRequestException");
    expect(create.message).toBe(
      `Invalid REST API name specified: a name may have at most 255 characters (got ${huge.length}).`,
    );
    const rename = await errorOf(() =>
      sdk.send(
        new UpdateRestApiCommand({
          restApiId: apiId,
          patchOperations: [{ op: "replace", path: "/name", value: "n".repeat(256) }],
        }),
      ),
    );
    expect(rename.name).toBe("BadRequestException");
    expect((await sdk.send(new GetRestApiCommand({ restApiId: apiId }))).name).toBe("limits");
    expect((await sdk.send(new CreateRestApiCommand({ name: "n".repeat(255) }))).name).toHaveLength(255);
  });

  it("refuses a PATCH adding 10,000 binary media types and stores none of them", async () => {
    const patchOperations = Array.from({ length: 10_000 }, (_, i) => ({
      op: "add" as const,
      path: `/binaryMediaTypes/x-type~1n${i}`,
    }));
    const err = await errorOf(() => sdk.send(new UpdateRestApiCommand({ restApiId: apiId, patchOperations })));
    expect(err.name).toBe("BadRequestException");
    expect(err.message).toBe("Too many binary media types: an API may list at most 1000 (got 10001).");
    expect((await sdk.send(new GetRestApiCommand({ restApiId: apiId }))).binaryMediaTypes).toEqual(["image/png"]);
    const ok = patchOperations.slice(0, 999);
    expect(
      (await sdk.send(new UpdateRestApiCommand({ restApiId: apiId, patchOperations: ok }))).binaryMediaTypes,
    ).toHaveLength(1000);
  });

  it("refuses a media type longer than RFC 6838 allows", async () => {
    const err = await errorOf(() =>
      sdk.send(new CreateRestApiCommand({ name: "long-type", binaryMediaTypes: [`image/${"x".repeat(300)}`] })),
    );
    expect(err.name).toBe("BadRequestException");
    expect(err.message).toMatch(/a media type has at most 255 characters/);
  });
});
