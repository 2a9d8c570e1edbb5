// Tags through the AWS CLI v2 (botocore percent-encodes the ARN in /tags/{resource_arn}): an independent client.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awsCli, requireAwsCli } from "./aws-cli";
import { freshEmulator } from "../core/helpers";

let emu: Awaited<ReturnType<typeof freshEmulator>>;
const aws = (...args: string[]) => awsCli(emu, ...args);

beforeAll(async () => {
  requireAwsCli();
  emu = await freshEmulator();
});
afterAll(async () => {
  await emu?.dispose();
});

describe("AWS CLI v2: tags on REST APIs", () => {
  it("create-rest-api --tags, tag-resource, get-tags, untag-resource, get-rest-apis", async () => {
    const c = await aws(
      "apigateway",
      "create-rest-api",
      "--name",
      "cli-tags",
      "--tags",
      "team=media,managed-by=terraform",
    );
    expect(c.stderr).toBe("");
    const id = JSON.parse(c.stdout).id as string;
    const arn = `arn:aws:apigateway:us-east-1::/restapis/${id}`;
    const t = await aws("apigateway", "tag-resource", "--resource-arn", arn, "--tags", "env=dev");
    expect([t.code, t.stderr]).toEqual([0, ""]);
    const g = await aws("apigateway", "get-tags", "--resource-arn", arn);
    expect(JSON.parse(g.stdout).tags).toEqual({ team: "media", "managed-by": "terraform", env: "dev" });
    const u = await aws("apigateway", "untag-resource", "--resource-arn", arn, "--tag-keys", "team", "env");
    expect([u.code, u.stderr]).toEqual([0, ""]);
    const list = JSON.parse((await aws("apigateway", "get-rest-apis")).stdout);
    expect(list.items.find((a: { id: string }) => a.id === id).tags).toEqual({ "managed-by": "terraform" });
  }, 180_000);

  it("tag-resource with an aws: key fails with AWS's BadRequestException text", async () => {
    const id = JSON.parse((await aws("apigateway", "create-rest-api", "--name", "cli-reserved")).stdout).id as string;
    const r = await aws(
      "apigateway",
      "tag-resource",
      "--resource-arn",
      `arn:aws:apigateway:us-east-1::/restapis/${id}`,
      "--tags",
      "aws:cloudformation:stack-name=x",
    );
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("(BadRequestException)");
    expect(r.stderr).toContain("Invalid tag key. Tag keys cannot start with 'aws:' (case insensitive)");
  }, 60_000);
});
