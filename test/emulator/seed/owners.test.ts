// The seed leaves IaC owners' tags as SAM, CDK and Terraform would, readable from GetRestApis alone.
import { beforeAll, describe, expect, it } from "vitest";
import { GetRestApisCommand, TagResourceCommand } from "@aws-sdk/client-api-gateway";
import { seedDemo } from "@/lib/emulator/seed";
import { detectOwner } from "@/lib/iac";
import { errorOf } from "../core/helpers";
import { useEmulator } from "../../support/emulator";

const h = useEmulator({ prefix: "bg-owners-" });

beforeAll(async () => {
  await seedDemo(h.ctx);
  await seedDemo(h.ctx);
}, 90_000);

describe("seeded owners", () => {
  it("GetRestApis carries the owners' tags; detectOwner names SAM, CDK, Terraform and nobody", async () => {
    const apis = (await h.apigw.send(new GetRestApisCommand({ limit: 500 }))).items ?? [];
    const owners = Object.fromEntries(apis.map((a) => [a.name, detectOwner(a.tags, "managed-by")]));
    expect(owners["binarygate-demo-images"]).toMatchObject({
      tools: ["sam"],
      stackName: "binarygate-images",
      logicalId: "ServerlessRestApi",
    });
    expect(owners["binarygate-demo-python"]).toMatchObject({ tools: ["cdk", "cloudformation"], certainty: "likely" });
    expect(owners["binarygate-demo-broken"]).toMatchObject({ tools: ["terraform"], certainty: "user-tag" });
    expect(owners["binarygate-demo-json"]).toMatchObject({ tools: [], certainty: "none" });
    const images = apis.find((a) => a.name === "binarygate-demo-images")!;
    expect(images.tags?.["aws:cloudformation:stack-id"]).toMatch(
      /^arn:aws:cloudformation:us-east-1:\d{12}:stack\/binarygate-images\//,
    );
  });

  it("a client still cannot overwrite the seeded aws: tags", async () => {
    const apis = (await h.apigw.send(new GetRestApisCommand({ limit: 500 }))).items ?? [];
    const images = apis.find((a) => a.name === "binarygate-demo-images")!;
    const arn = `arn:aws:apigateway:us-east-1::/restapis/${images.id}`;
    const e = await errorOf(() =>
      h.apigw.send(new TagResourceCommand({ resourceArn: arn, tags: { "aws:cloudformation:logical-id": "X" } })),
    );
    expect(e.name).toBe("BadRequestException");
  });
});
