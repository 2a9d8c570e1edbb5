import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { FixAsCode } from "@/components/iac/fix-as-code";
import { OwnerBadge } from "@/components/iac/owner-badge";
import { detectOwner } from "@/lib/iac";

const sam = detectOwner({
  "aws:cloudformation:stack-name": "images",
  "aws:cloudformation:logical-id": "ServerlessRestApi",
});

describe("OwnerBadge", () => {
  it("names the owner and keeps the evidence in the title", () => {
    const html = renderToStaticMarkup(<OwnerBadge owner={sam} />);
    expect(html).toContain(">AWS SAM</span>");
    expect(html).toContain("logical id ServerlessRestApi");
    expect(renderToStaticMarkup(<OwnerBadge owner={detectOwner({})} />)).toContain(">Owner unknown</span>");
  });
});

describe("FixAsCode", () => {
  it("warns that the next sam deploy reverts a live change and shows the SAM snippet with a copy button", () => {
    const html = renderToStaticMarkup(<FixAsCode owner={sam} fix="binary-media-types" input={{ types: ["*/*"] }} />);
    expect(html).toContain("the next sam deploy of stack images will revert it");
    expect(html).toContain("AWS SAM (template.yaml)");
    expect(html).toContain("- &quot;*~1*&quot;");
    expect(html).toMatch(/<button[^>]*>.*Copy AWS SAM \(template\.yaml\)/);
    expect(html).toContain('href="https://docs.aws.amazon.com/serverless-application-model/');
    expect(html).not.toContain("Terraform (HCL)");
  });

  it("offers every tool's snippet when the owner is unknown, and says so when the owner has no setting", () => {
    const unknown = renderToStaticMarkup(
      <FixAsCode owner={detectOwner({})} fix="binary-media-types" input={{ types: ["image/png"] }} />,
    );
    for (const t of [
      "CloudFormation (YAML)",
      "AWS SAM",
      "AWS CDK (TypeScript)",
      "Terraform (HCL)",
      "Serverless Framework",
    ]) {
      expect(unknown).toContain(t);
    }
    const none = renderToStaticMarkup(<FixAsCode owner={sam} fix="options-content-handling" input={{ types: [] }} />);
    expect(none).toContain("AWS SAM has no setting for this fix");
  });
});
