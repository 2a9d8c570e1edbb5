import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addBinaryMediaType,
  createDeployment,
  getDeployedStageConfig,
  listStages,
  updateStageDeployment,
} from "@/lib/aws";
import { createApi, startTarget } from "./helpers";

// "Roll back to the previous deployment" is UpdateStage replace /deploymentId, through lib/aws and the real
// SDK against the emulator: the stage then serves the older deployment's binary media types again.
let target: Awaited<ReturnType<typeof startTarget>>;
beforeAll(async () => {
  target = await startTarget();
});
afterAll(async () => {
  await target?.stop();
});

describe("updateStageDeployment", () => {
  it("points the stage back at the previous deployment, and refuses an unknown one", async () => {
    const apiId = await createApi(target.sdk, "rollback", { binaryMediaTypes: ["application/pdf"] });
    const before = await listStages("us-east-1", apiId);
    const first = before.ok ? before.data[0].deploymentId! : "";
    await addBinaryMediaType("us-east-1", apiId, "image/png");
    const second = await createDeployment("us-east-1", apiId, "prod", "with png");
    expect(second.ok).toBe(true);
    expect((await getDeployedStageConfig("us-east-1", apiId, "prod")).ok).toBe(true);

    const r = await updateStageDeployment("us-east-1", apiId, "prod", first);
    expect(r.ok && r.data.deploymentId).toBe(first);
    const served = await getDeployedStageConfig("us-east-1", apiId, "prod");
    expect(served.ok && served.data.binaryMediaTypes).toEqual(["application/pdf"]);

    const unknown = await updateStageDeployment("us-east-1", apiId, "prod", "zzzzzz");
    expect(unknown.ok).toBe(false);
    expect(!unknown.ok && unknown.error.code).toBe("not-found");
    const stillFirst = await listStages("us-east-1", apiId);
    expect(stillFirst.ok && stillFirst.data[0].deploymentId).toBe(first);
  }, 30_000);
});
