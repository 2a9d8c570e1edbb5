// Invoke end to end with the real runtime: real handlers from real zips, through the real SDK
// (docs/aws-binary-rules.md §7). Also shows that UpdateFunctionCode/UpdateFunctionConfiguration reach the next
// invocation (eviction).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateFunctionCommand,
  InvokeCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  type LambdaClient,
} from "@aws-sdk/client-lambda";
import { ROLE, freshEmulator, lambda, nodeZip, zipOf, type Emu } from "./helpers";

let emu: Emu;
let client: LambdaClient;
const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array | undefined) => new TextDecoder().decode(b ?? new Uint8Array());

const HANDLER = `
exports.handler = async (event) => {
  console.log("handling", JSON.stringify(event));
  if (event.fail) throw new Error("boom: " + event.fail);
  return { echo: event, greeting: process.env.GREETING ?? null, version: "v1" };
};`;

beforeAll(async () => {
  emu = await freshEmulator();
  client = lambda(emu.url);
  await client.send(
    new CreateFunctionCommand({
      FunctionName: "echo",
      Runtime: "nodejs20.x",
      Role: ROLE,
      Handler: "index.handler",
      Code: { ZipFile: nodeZip(HANDLER) },
    }),
  );
});
afterAll(async () => {
  client?.destroy();
  await emu?.dispose();
});

describe("Invoke with the real runtime", () => {
  it("runs a Node handler and returns its JSON result as the payload", async () => {
    const out = await client.send(new InvokeCommand({ FunctionName: "echo", Payload: enc('{"n":1,"s":"é"}') }));
    expect(out.StatusCode).toBe(200);
    expect(out.FunctionError).toBeUndefined();
    expect(out.ExecutedVersion).toBe("$LATEST");
    expect(JSON.parse(dec(out.Payload))).toEqual({ echo: { n: 1, s: "é" }, greeting: null, version: "v1" });
  });

  it("returns the handler's log with LogType Tail", async () => {
    const out = await client.send(
      new InvokeCommand({ FunctionName: "echo", Payload: enc('{"tail":true}'), LogType: "Tail" }),
    );
    const log = Buffer.from(out.LogResult!, "base64").toString("utf8");
    expect(log).toContain('handling {"tail":true}');
    expect(log).toMatch(/START RequestId: [0-9a-f-]{36} Version: \$LATEST/);
    expect(log).toContain("REPORT RequestId:");
  });

  it("reports a thrown error as X-Amz-Function-Error: Unhandled with AWS's error payload", async () => {
    const out = await client.send(new InvokeCommand({ FunctionName: "echo", Payload: enc('{"fail":"x"}') }));
    expect(out.StatusCode).toBe(200);
    expect(out.FunctionError).toBe("Unhandled");
    const err = JSON.parse(dec(out.Payload));
    expect(err.errorType).toBe("Error");
    expect(err.errorMessage).toBe("boom: x");
  });

  it("runs the new code after UpdateFunctionCode and the new environment after UpdateFunctionConfiguration", async () => {
    await client.send(new InvokeCommand({ FunctionName: "echo", Payload: enc("{}") })); // a warm worker exists
    await client.send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: "echo",
        Environment: { Variables: { GREETING: "hello" } },
      }),
    );
    const env = await client.send(new InvokeCommand({ FunctionName: "echo", Payload: enc("{}") }));
    expect(JSON.parse(dec(env.Payload)).greeting).toBe("hello");

    await client.send(
      new UpdateFunctionCodeCommand({
        FunctionName: "echo",
        ZipFile: zipOf({ "index.js": "exports.handler = async () => ({ version: 'v2' });" }),
      }),
    );
    const v2 = await client.send(new InvokeCommand({ FunctionName: "echo", Payload: enc("{}") }));
    expect(JSON.parse(dec(v2.Payload))).toEqual({ version: "v2" });
  });
});
