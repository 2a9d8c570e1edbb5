// Lambda value constraints: zip checks, environment variables, runtimes (docs/aws-binary-rules.md §7, §8).
import { createHash } from "node:crypto";
import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { AwsError } from "../errors";
import { checkEnvironment, checkRuntime, checkZipFile, SUPPORTED_RUNTIMES } from "./validate";

const NOT_A_ZIP = "Could not unzip uploaded file. Please check your file, then try to upload again.";
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");

async function rejected(p: Promise<unknown>): Promise<AwsError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AwsError) return err;
    throw err;
  }
  throw new Error("expected an AwsError");
}

function thrown(fn: () => unknown): AwsError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AwsError) return err;
    throw err;
  }
  throw new Error("expected an AwsError");
}

describe("checkZipFile", () => {
  const zip = zipSync({
    "index.js": strToU8("exports.handler = async () => 1;"),
    "lib/a.js": strToU8("x".repeat(1000)),
  });

  it("accepts a real zip and returns AWS's CodeSha256 (base64 SHA-256) and size", async () => {
    const out = await checkZipFile(b64(zip), "CreateFunction");
    expect(out.codeSize).toBe(zip.length);
    expect(out.codeSha256).toBe(createHash("sha256").update(zip).digest("base64"));
    expect(Buffer.compare(Buffer.from(out.zip), Buffer.from(zip))).toBe(0);
  });

  it.each([
    ["empty", ""],
    ["text", b64(strToU8("hello, this is definitely not a zip archive"))],
    ["a truncated zip", b64(zip.subarray(0, zip.length - 10))],
    ["a zip header only", b64(zip.subarray(0, 30))],
    ["invalid base64", "UEsDBA!!"],
    ["url-safe base64", b64(zip).replace(/\+/g, "-").replace(/\//g, "_") + "-_"],
  ])("refuses %s with AWS's message", async (_label, input) => {
    const err = await rejected(checkZipFile(input, "CreateFunction"));
    expect([err.status, err.type, err.message]).toEqual([400, "InvalidParameterValueException", NOT_A_ZIP]);
  });
});

describe("checkEnvironment", () => {
  it("keeps valid variables", () => {
    expect(checkEnvironment({ AB: "1", X_Y9: "" })).toEqual({ AB: "1", X_Y9: "" });
  });
  it.each([
    [{ "1A": "x" }, "ValidationException"],
    [{ "A-B": "x" }, "ValidationException"],
    [{ AWS_SESSION_TOKEN: "x" }, "InvalidParameterValueException"],
    [{ BIG: "x".repeat(4090) }, "InvalidParameterValueException"],
  ])("refuses %j", (vars, type) => {
    expect(thrown(() => checkEnvironment(vars)).type).toBe(type);
  });
});

describe("checkRuntime", () => {
  it.each([...SUPPORTED_RUNTIMES])("accepts %s", (rt) => expect(checkRuntime(rt)).toBe(rt));
  it.each(["nodejs16.x", "python3.8", "java21", "provided.al2023", "NODEJS20.X"])("refuses %s", (rt) => {
    const err = thrown(() => checkRuntime(rt));
    expect(err.type).toBe("InvalidParameterValueException");
    expect(err.message.startsWith(`Value ${rt} at 'runtime' failed to satisfy constraint`)).toBe(true);
  });
});
