// Real AWS credentials stay out of the emulator (docs/security.md promise 15): the emulator is started the way `npm
// start` starts it (scripts/emulator-env.ts) from an environment full of credential variables, and neither its own
// /proc/PID/environ nor what a handler can read from /proc/$PPID/environ holds any of them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateFunctionCommand, InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { strToU8, zipSync } from "fflate";
import type { ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { emulatorEnv, spawnEmulator } from "@/scripts/emulator-env";
import { tempDir } from "../emulator/core/helpers";

const root = path.resolve(import.meta.dirname, "../..");

// Shaped like real ones (AWS's documented example key) so that a leak would be unmistakable.
const SECRETS: Record<string, string> = {
  AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
  AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  AWS_SESSION_TOKEN: "session-token-that-must-not-leak",
  AWS_SECURITY_TOKEN: "security-token-that-must-not-leak",
  AWS_PROFILE: "production-admin",
  AWS_DEFAULT_PROFILE: "production-admin-default",
  AWS_CONTAINER_CREDENTIALS_FULL_URI: "http://169.254.170.2/v2/credentials/leak",
  AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: "/v2/credentials/leak-relative",
  AWS_CONTAINER_AUTHORIZATION_TOKEN: "container-token-that-must-not-leak",
  AWS_WEB_IDENTITY_TOKEN_FILE: "/var/run/secrets/leak/token",
  AWS_ROLE_ARN: "arn:aws:iam::123456789012:role/leak",
  AWS_SHARED_CREDENTIALS_FILE: "/home/someone/.aws/credentials-leak",
};

function environOf(pid: number): Map<string, string> {
  const entries = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").filter(Boolean);
  return new Map(entries.map((e) => [e.slice(0, e.indexOf("=")), e.slice(e.indexOf("=") + 1)]));
}

describe("emulatorEnv", () => {
  it("blanks every AWS_* variable but the SDK's warning switch, over process.env as Playwright merges it", () => {
    const parent = {
      ...SECRETS,
      PATH: "/usr/bin",
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      aws_profile: "lower",
    };
    const merged = { ...parent, ...emulatorEnv(parent) };
    const defined = Object.entries(merged)
      .filter(([, v]) => v !== undefined)
      .map(([k]) => k)
      .sort();
    expect(defined).toEqual(["AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED", "PATH"]);
  });
});

describe("the emulator process started like npm start", () => {
  let child: ChildProcess;
  let url: string;
  let stateDir: string;

  beforeAll(async () => {
    stateDir = await tempDir("bg-creds-");
    child = spawnEmulator(root, ["--port", "0", "--state-dir", stateDir], { ...process.env, ...SECRETS }, "pipe");
    url = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout!.on("data", (c: Buffer) => {
        out += c.toString();
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) resolve(m[1]);
      });
      child.once("exit", (code) => reject(new Error(`emulator exited (${code}) before listening: ${out}`)));
    });
  }, 60_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    }
    if (stateDir) await rm(stateDir, { recursive: true, force: true });
  });

  it("has no AWS_* credential variable in its own environment", () => {
    const env = environOf(child.pid!);
    expect([...env.keys()].filter((k) => k.startsWith("AWS_"))).toEqual([
      "AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED",
    ]);
    const raw = readFileSync(`/proc/${child.pid}/environ`, "utf8");
    for (const value of Object.values(SECRETS)) expect(raw).not.toContain(value);
  });

  it("a handler reading its parent's environment finds none of them, and its own holds only Lambda's test keys", async () => {
    const source = `exports.handler = async () => ({
      ppid: process.ppid,
      parent: require("fs").readFileSync("/proc/" + process.ppid + "/environ", "utf8"),
      own: JSON.stringify(process.env),
    });`;
    const lambda = new LambdaClient({
      region: "us-east-1",
      endpoint: url,
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
    });
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: "reads-parent-env",
        Runtime: "nodejs20.x",
        Role: "arn:aws:iam::000000000000:role/lambda-role",
        Handler: "index.handler",
        Code: { ZipFile: zipSync({ "index.js": strToU8(source) }) },
      }),
    );
    const out = await lambda.send(new InvokeCommand({ FunctionName: "reads-parent-env" }));
    lambda.destroy();
    const result = JSON.parse(Buffer.from(out.Payload!).toString()) as { ppid: number; parent: string; own: string };
    expect(result.ppid).toBe(child.pid);
    expect(result.parent).toContain("PATH=");
    for (const value of Object.values(SECRETS)) {
      expect(result.parent).not.toContain(value);
      expect(result.own).not.toContain(value);
    }
    expect(JSON.parse(result.own)).toMatchObject({ AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test" });
  }, 60_000);
});
