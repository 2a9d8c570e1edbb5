import { describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config";
import { detectOwner, isIacOwned, liveChangeWarning } from "./owner";

const cfn = (stack: string, logicalId: string) => ({
  "aws:cloudformation:stack-name": stack,
  "aws:cloudformation:logical-id": logicalId,
  "aws:cloudformation:stack-id": `arn:aws:cloudformation:us-east-1:123456789012:stack/${stack}/0a1b2c3d-4e5f-6789-abcd-ef0123456789`,
});

describe("detectOwner", () => {
  it.each([
    ["SAM implicit API", cfn("images-app", "ServerlessRestApi"), undefined, ["sam"], "certain", "AWS SAM"],
    [
      "Serverless Framework",
      cfn("thumbnails-dev", "ApiGatewayRestApi"),
      undefined,
      ["serverless"],
      "certain",
      "Serverless Framework",
    ],
    [
      "CDK hash suffix",
      cfn("MediaStack", "ImagesApi4C7BF186"),
      undefined,
      ["cdk", "cloudformation"],
      "likely",
      "AWS CDK (likely)",
    ],
    [
      "plain logical id",
      cfn("legacy", "MyApi"),
      undefined,
      ["cloudformation", "cdk", "sam"],
      "ambiguous",
      "CloudFormation or CDK",
    ],
    [
      "explicit SAM API looks like plain CFN",
      cfn("svc", "PhotosApi"),
      undefined,
      ["cloudformation", "cdk", "sam"],
      "ambiguous",
      "CloudFormation or CDK",
    ],
    [
      "CFN tags win over the user tag",
      { ...cfn("s", "ServerlessRestApi"), "managed-by": "terraform" },
      "managed-by",
      ["sam"],
      "certain",
      "AWS SAM",
    ],
    [
      "Terraform by user tag",
      { "managed-by": "terraform", team: "x" },
      "managed-by",
      ["terraform"],
      "user-tag",
      "Terraform",
    ],
    [
      "OpenTofu counts as Terraform",
      { "managed-by": "OpenTofu" },
      "managed-by",
      ["terraform"],
      "user-tag",
      "Terraform",
    ],
    ["tag key case differs", { "Managed-By": "Pulumi" }, "managed-by", ["pulumi"], "user-tag", "Pulumi"],
    ["SST by user tag", { iac: "sst" }, "iac", ["sst"], "user-tag", "SST"],
    ["unknown tool named by the tag", { "managed-by": "crossplane" }, "managed-by", [], "user-tag", "crossplane"],
    ["no tags", undefined, "managed-by", [], "none", "Unknown"],
    ["owner tag not configured", { "managed-by": "terraform" }, undefined, [], "none", "Unknown"],
    ["empty owner tag value", { "managed-by": "  " }, "managed-by", [], "none", "Unknown"],
  ] as const)("%s", (_name, tags, ownerTag, tools, certainty, label) => {
    const owner = detectOwner(tags as Record<string, string> | undefined, ownerTag);
    expect(owner.tools).toEqual(tools);
    expect(owner.certainty).toBe(certainty);
    expect(owner.label).toBe(label);
    expect(owner.evidence.length).toBeGreaterThan(10);
  });

  it("splits a Serverless stack name into service and stage at the last dash", () => {
    const owner = detectOwner(cfn("image-resizer-prod", "ApiGatewayRestApi"));
    expect([owner.service, owner.stage, owner.stackName, owner.logicalId]).toEqual([
      "image-resizer",
      "prod",
      "image-resizer-prod",
      "ApiGatewayRestApi",
    ]);
  });

  it("names the stack and the deploy command in the warning", () => {
    expect(liveChangeWarning(detectOwner(cfn("images-app", "ServerlessRestApi")))).toContain(
      "sam deploy of stack images-app will revert it",
    );
    expect(liveChangeWarning(detectOwner({ "managed-by": "terraform" }, "managed-by"))).toContain(
      "terraform apply will revert it",
    );
    expect(liveChangeWarning(detectOwner({}))).toContain("No infrastructure-as-code owner was found");
    expect(isIacOwned(detectOwner({}))).toBe(false);
    expect(isIacOwned(detectOwner({ "managed-by": "crossplane" }, "managed-by"))).toBe(true);
  });

  it("reads the owner tag from BINARYGATE_OWNER_TAG", () => {
    expect(parseConfig({ BINARYGATE_OWNER_TAG: " managed-by " }).ownerTag).toBe("managed-by");
    expect(parseConfig({}).ownerTag).toBe("managed-by");
    expect(parseConfig({ BINARYGATE_OWNER_TAG: "" }).ownerTag).toBeUndefined();
    expect(() => parseConfig({ BINARYGATE_OWNER_TAG: "k".repeat(129) })).toThrow(/BINARYGATE_OWNER_TAG/);
  });
});
