import { CreateRestApiCommand, GetRestApiCommand } from "@aws-sdk/client-api-gateway";
import type { APIGatewayClient } from "@aws-sdk/client-api-gateway";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { predictStage } from "@/lib/fleet/predict";
import { iacLiveChange, detectOwner } from "@/lib/iac";
import { applyPreviewFix } from "@/lib/preview/fix";
import { PreviewFixSchema } from "@/lib/preview/fix-input";
import { startTarget } from "../aws/helpers";

// The server side of the IaC warning: the preview's fix changes nothing on an owned API until the user chose
// "apply live anyway", against a real emulator through lib/aws; and the scan's pure prediction.
const region = "us-east-1";
let sdk: APIGatewayClient;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ sdk, stop } = await startTarget());
});
afterAll(async () => {
  await stop?.();
});

async function typesOf(restApiId: string): Promise<string[]> {
  return (await sdk.send(new GetRestApiCommand({ restApiId }))).binaryMediaTypes ?? [];
}

describe("the preview's fix on an IaC-owned API", () => {
  it("asks first (ok: null, the owner and the fix as code), then applies only with confirm", async () => {
    const api = await sdk.send(
      new CreateRestApiCommand({
        name: "owned-by-tf",
        binaryMediaTypes: ["image/png"],
        tags: { "managed-by": "terraform" },
      }),
    );
    const fix = PreviewFixSchema.parse({ kind: "add-type", region, apiId: api.id, mediaType: "text/html" });
    const asked = await applyPreviewFix(fix);
    expect(asked.ok).toBeNull();
    expect(asked.changed).toBe(false);
    expect(asked.message).toContain("managed by Terraform");
    expect(asked.message).toContain("terraform apply");
    expect(asked.iac?.fix.types).toEqual(["image/png", "text/html"]);
    expect(await typesOf(api.id!)).toEqual(["image/png"]);

    const applied = await applyPreviewFix({ ...fix, confirm: true });
    expect(applied).toMatchObject({ ok: true, changed: true });
    expect(await typesOf(api.id!)).toEqual(["image/png", "text/html"]);
  });

  it("applies at once when no owner is found", async () => {
    const api = await sdk.send(new CreateRestApiCommand({ name: "unowned" }));
    const fix = PreviewFixSchema.parse({ kind: "add-type", region, apiId: api.id, mediaType: "image/png" });
    const r = await applyPreviewFix(fix);
    expect(r).toMatchObject({ ok: true, changed: true });
    expect(await typesOf(api.id!)).toEqual(["image/png"]);
  });
});

describe("iacLiveChange", () => {
  it("gives SAM's snippet input the full list and nothing for an unknown owner", () => {
    const sam = detectOwner({
      "aws:cloudformation:stack-name": "s",
      "aws:cloudformation:logical-id": "ServerlessRestApi",
    });
    const c = iacLiveChange(sam, { name: "a", binaryMediaTypes: ["image/png", "*/*"] }, { remove: "*/*" });
    expect(c?.question).toMatch(/AWS SAM.*sam deploy.*Remove \*\/\* live anyway\?$/);
    expect(c?.fix).toMatchObject({ types: ["image/png"], logicalId: "ServerlessRestApi" });
    expect(iacLiveChange(detectOwner({}), { binaryMediaTypes: [] }, { add: "image/png" })).toBeNull();
  });
});

describe("predictStage", () => {
  it.each([
    [["image/png"], false, true, ["Chrome <img>", "Firefox <img>", "Safari <img>"]],
    [["image/*"], false, false, []],
    [["*/*"], false, false, []],
    [[], false, false, []],
    [[], true, true, ["Chrome <img>", "Firefox <img>", "Safari <img>"]],
  ] as const)("%j (API lists types: %s) → broken %s", (types, apiLists, broken, imgText) => {
    const p = predictStage(types, apiLists);
    expect(p.brokenForBrowsers).toBe(broken);
    const text = p.clients.filter((c) => c.browser && !c.bytes).map((c) => c.label);
    expect(types.length === 0 ? text.length : text).toEqual(types.length === 0 ? 3 : imgText);
  });

  it("curl and fetch() send */* first: bytes only with */* deployed", () => {
    const curl = (t: string[]) => predictStage(t).clients.find((c) => c.id === "curl")!.bytes;
    expect(curl(["image/png"])).toBe(false);
    expect(curl(["*/*"])).toBe(true);
    expect(predictStage(["*/*"]).wildcard).toBe(true);
  });
});
