// lib/aws reads each API's owner from the tags GetRestApis returns: no extra call per API (real SDK, real emulator).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateRestApiCommand, type APIGatewayClient } from "@aws-sdk/client-api-gateway";
import { getRestApi, listAllRestApis } from "@/lib/aws";
import type { RunningEmulator } from "@/lib/emulator";
import { callCounts, startTarget } from "./helpers";

let emu: RunningEmulator;
let sdk: APIGatewayClient;
let stop: () => Promise<void>;
const region = "us-east-1";

beforeAll(async () => {
  process.env.BINARYGATE_OWNER_TAG = "managed-by";
  ({ emu, sdk, stop } = await startTarget());
});
afterAll(async () => {
  delete process.env.BINARYGATE_OWNER_TAG;
  await stop?.();
});

describe("owners in lib/aws", () => {
  it("listAllRestApis returns tags and owner from one GetRestApis call, and GetRestApi agrees", async () => {
    const tf = (await sdk.send(new CreateRestApiCommand({ name: "tf-api", tags: { "managed-by": "terraform" } }))).id!;
    const sam = (await sdk.send(new CreateRestApiCommand({ name: "sam-api" }))).id!;
    // CloudFormation's aws: tags cannot come from a client: write them as CloudFormation would, in the store.
    await emu.ctx.store.mutate((draft) => {
      draft.regions[region].restApis[sam].tags = {
        "aws:cloudformation:stack-name": "photos",
        "aws:cloudformation:logical-id": "ServerlessRestApi",
      };
    });
    const before = await callCounts(emu.url);
    const all = await listAllRestApis(region);
    const after = await callCounts(emu.url);
    expect(all.ok).toBe(true);
    if (!all.ok) return;
    expect((after.GetRestApis ?? 0) - (before.GetRestApis ?? 0)).toBe(1);
    expect(after.GetTags ?? 0).toBe(before.GetTags ?? 0);
    const byId = new Map(all.data.map((a) => [a.id, a]));
    expect(byId.get(tf)).toMatchObject({
      tags: { "managed-by": "terraform" },
      owner: { tools: ["terraform"], label: "Terraform" },
    });
    expect(byId.get(sam)?.owner).toMatchObject({ tools: ["sam"], stackName: "photos", certainty: "certain" });
    const one = await getRestApi(region, sam);
    expect(one.ok && one.data.owner.label).toBe("AWS SAM");
  });
});
