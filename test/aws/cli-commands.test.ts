import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDeployedStageConfig, getRestApi } from "@/lib/aws";
import { createDeploymentCommand, updateRestApiCommand } from "@/lib/aws/cli-commands";
import { createApi, startTarget } from "./helpers";

// The AWS CLI lines the dashboard shows must do what the buttons do: run them with the real AWS CLI v2
// (/usr/bin/aws, an independent client — conventions.md) against the emulator and read the result back.
const AWS = "/usr/bin/aws";
let target: Awaited<ReturnType<typeof startTarget>>;

beforeAll(async () => {
  if (!existsSync(AWS)) throw new Error(`${AWS} (Debian's awscli v2) is required for this test: apt-get install -y awscli`);
  target = await startTarget();
});
afterAll(async () => {
  await target?.stop();
});

// Async: the emulator runs in this process, so a synchronous exec would block it from answering.
async function run(command: string): Promise<string> {
  const { stdout } = await promisify(execFile)("bash", ["-c", `${command.replace(/^aws /, `${AWS} `)} --endpoint-url ${target.emu.url} --output json`], {
    // A clean env: no real AWS profile or credentials reach the CLI. (Next types NODE_ENV as required.)
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      AWS_ACCESS_KEY_ID: "test",
      AWS_SECRET_ACCESS_KEY: "test",
      AWS_PAGER: "",
      AWS_EC2_METADATA_DISABLED: "true",
    } as unknown as NodeJS.ProcessEnv,
    encoding: "utf8",
  });
  return stdout;
}

describe("shown AWS CLI commands", () => {
  it("add (including */* which needs quoting), remove and create-deployment work as displayed", async () => {
    const apiId = await createApi(target.sdk, "cli", { binaryMediaTypes: ["application/pdf"] });
    await run(updateRestApiCommand("add", apiId, "*/*", "us-east-1"));
    await run(updateRestApiCommand("add", apiId, "image/png", "us-east-1"));
    await run(updateRestApiCommand("remove", apiId, "application/pdf", "us-east-1"));
    const api = await getRestApi("us-east-1", apiId);
    expect(api.ok && api.data.binaryMediaTypes).toEqual(["*/*", "image/png"]);

    const out = JSON.parse(await run(createDeploymentCommand(apiId, "prod", "us-east-1"))) as { id: string };
    expect(out.id).toMatch(/^[a-z0-9]+$/);
    const deployed = await getDeployedStageConfig("us-east-1", apiId, "prod");
    expect(deployed.ok && deployed.data.binaryMediaTypes).toEqual(["*/*", "image/png"]);
  }, 30_000);
});
