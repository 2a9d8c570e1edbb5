import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDeployedStageConfig, getRestApi, listStages } from "@/lib/aws";
import { createDeploymentCommand, updateRestApiCommand, updateStageDeploymentCommand } from "@/lib/aws/cli-commands";
import { cliTargetFor } from "@/lib/aws/target";
import { resetConfigForTests } from "@/lib/config";
import { createApi, startTarget } from "./helpers";

// The AWS CLI lines the dashboard shows must do what the buttons do, pasted AS SHOWN: run verbatim with the
// real AWS CLI v2 (/usr/bin/aws, an independent client — docs/conventions.md), with no endpoint, region or
// credentials added by the test, so a line without --endpoint-url would go to real AWS and fail here.
const AWS = "/usr/bin/aws";
let target: Awaited<ReturnType<typeof startTarget>>;
let home: string;

beforeAll(async () => {
  if (!existsSync(AWS))
    throw new Error(`${AWS} (Debian's awscli v2) is required for this test: apt-get install -y awscli`);
  target = await startTarget();
  home = await mkdtemp(join(tmpdir(), "binarygate-cli-home-"));
});
afterAll(async () => {
  await target?.stop();
  await rm(home, { recursive: true, force: true });
});

// Async: the emulator runs in this process, so a synchronous exec would block it from answering.
async function runAsShown(command: string, extraEnv: Record<string, string> = {}): Promise<string> {
  // The displayed line is trusted to name its endpoint: refuse before anything could reach AWS.
  expect(command).toContain(`--endpoint-url ${target.emu.url}`);
  const { stdout } = await promisify(execFile)("bash", ["-c", `${command} --output json`], {
    // A clean env and an empty HOME: no real AWS profile, region or credentials reach the CLI.
    env: {
      PATH: "/usr/bin:/bin",
      HOME: home,
      AWS_PAGER: "",
      AWS_EC2_METADATA_DISABLED: "true",
      ...extraEnv,
    } as unknown as NodeJS.ProcessEnv,
    encoding: "utf8",
  });
  return stdout;
}

describe("shown AWS CLI commands, run as displayed", () => {
  it("emulator target: add (including */*), remove, create-deployment and update-stage rollback", async () => {
    const cli = cliTargetFor("us-east-1");
    expect(cli.endpointUrl).toBe(target.emu.url);
    const apiId = await createApi(target.sdk, "cli", { binaryMediaTypes: ["application/pdf"] });
    const before = await listStages("us-east-1", apiId);
    const firstDeployment = before.ok ? before.data[0].deploymentId! : "";

    await runAsShown(updateRestApiCommand("add", apiId, "*/*", cli));
    await runAsShown(updateRestApiCommand("add", apiId, "image/png", cli));
    await runAsShown(updateRestApiCommand("remove", apiId, "application/pdf", cli));
    const api = await getRestApi("us-east-1", apiId);
    expect(api.ok && api.data.binaryMediaTypes).toEqual(["*/*", "image/png"]);

    const out = JSON.parse(await runAsShown(createDeploymentCommand(apiId, "prod", cli))) as { id: string };
    expect(out.id).toMatch(/^[a-z0-9]+$/);
    const deployed = await getDeployedStageConfig("us-east-1", apiId, "prod");
    expect(deployed.ok && deployed.data.binaryMediaTypes).toEqual(["*/*", "image/png"]);

    await runAsShown(updateStageDeploymentCommand(apiId, "prod", firstDeployment, cli));
    const rolledBack = await getDeployedStageConfig("us-east-1", apiId, "prod");
    expect(rolledBack.ok && rolledBack.data.binaryMediaTypes).toEqual(["application/pdf"]);
  }, 60_000);

  it("a custom endpoint target (AWS_ENDPOINT_URL): the line carries that endpoint and the page's region", async () => {
    const apiId = await createApi(target.sdk, "cli-custom", { binaryMediaTypes: [] });
    const saved = { ...process.env };
    process.env.BINARYGATE_TARGET = "aws";
    process.env.AWS_ENDPOINT_URL = target.emu.url;
    resetConfigForTests();
    try {
      const cli = cliTargetFor("us-east-1");
      expect(cli).toEqual({ region: "us-east-1", endpointUrl: target.emu.url });
      // The user's own credentials sign it (here the emulator's, given through the environment).
      await runAsShown(updateRestApiCommand("add", apiId, "image/jpeg", cli), {
        AWS_ACCESS_KEY_ID: "test",
        AWS_SECRET_ACCESS_KEY: "test",
      });
    } finally {
      process.env = saved;
      resetConfigForTests();
    }
    const api = await getRestApi("us-east-1", apiId);
    expect(api.ok && api.data.binaryMediaTypes).toEqual(["image/jpeg"]);
  }, 30_000);

  it("real AWS: the region of the page, no endpoint, no inline credentials", async () => {
    const saved = { ...process.env };
    process.env.BINARYGATE_TARGET = "aws";
    delete process.env.AWS_ENDPOINT_URL;
    delete process.env.AWS_ENDPOINT_URL_API_GATEWAY;
    resetConfigForTests();
    try {
      const line = createDeploymentCommand("abc123defg", "prod", cliTargetFor("eu-west-3"));
      expect(line).toBe(
        "aws apigateway create-deployment --rest-api-id abc123defg --stage-name prod --region eu-west-3",
      );
    } finally {
      process.env = saved;
      resetConfigForTests();
    }
  });
});
