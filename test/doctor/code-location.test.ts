/**
 * GetFunction's Code.Location on the emulator: a URL that downloads the exact zip, as AWS's presigned URL does,
 * and refuses a tampered or cross-site request. The real SDK and the AWS CLI both read it.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { CreateFunctionCommand, GetFunctionCommand, UpdateFunctionCodeCommand } from "@aws-sdk/client-lambda";
import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { useEmulator } from "../support/emulator";

const run = promisify(execFile);
const ROLE = "arn:aws:iam::000000000000:role/lambda-role";
const zip = (src: string) => zipSync({ "index.js": strToU8(src) }, { mtime: "2026-01-01T00:00:00Z" });

describe("GetFunction Code.Location", () => {
  const emu = useEmulator({ prefix: "bg-code-location-" });

  it("downloads the function's zip byte for byte, and only with its token", async () => {
    const code = zip("exports.handler = async () => ({ statusCode: 200, body: 'one' });");
    await emu.lambda.send(
      new CreateFunctionCommand({
        FunctionName: "loc-fn",
        Runtime: "nodejs20.x",
        Role: ROLE,
        Handler: "index.handler",
        Code: { ZipFile: code },
      }),
    );
    const got = await emu.lambda.send(new GetFunctionCommand({ FunctionName: "loc-fn" }));
    const location = got.Code?.Location ?? "";
    expect(location.startsWith(`${emu.url}/`)).toBe(true);
    const res = await fetch(location);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/zip");
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(code);

    const tampered = location.replace(/token=[^&]+/, "token=AAAA");
    expect((await fetch(tampered)).status).toBe(403);
    const otherName = location.replace("/loc-fn?", "/other-fn?");
    expect((await fetch(otherName)).status).toBe(403);
    const stretched = location.replace(/expires=(\d+)/, (_m, n: string) => `expires=${Number(n) + 3_600_000}`);
    expect((await fetch(stretched)).status).toBe(403);
    const crossSite = await fetch(location, { headers: { "sec-fetch-site": "cross-site" } });
    expect(crossSite.status).toBe(403);

    // After new code, the old URL names a version that no longer exists.
    await emu.lambda.send(
      new UpdateFunctionCodeCommand({ FunctionName: "loc-fn", ZipFile: zip("exports.handler = async () => 2;") }),
    );
    expect((await fetch(location)).status).toBe(404);
  });

  it("is printed by the AWS CLI and downloads with plain GET", async () => {
    const code = zip("exports.handler = async () => ({ statusCode: 204 });");
    await emu.lambda.send(
      new CreateFunctionCommand({
        FunctionName: "cli-fn",
        Runtime: "nodejs20.x",
        Role: ROLE,
        Handler: "index.handler",
        Code: { ZipFile: code },
      }),
    );
    const { stdout } = await run(
      "aws",
      [
        "lambda",
        "get-function",
        "--function-name",
        "cli-fn",
        "--endpoint-url",
        emu.url,
        "--region",
        emu.region,
        "--output",
        "json",
      ],
      { env: { ...process.env, AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test", AWS_PAGER: "" } },
    );
    const out = JSON.parse(stdout) as { Code: { Location: string; RepositoryType: string } };
    expect(out.Code.RepositoryType).toBe("S3");
    const res = await fetch(out.Code.Location);
    expect(res.status).toBe(200);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(code);
  });
});
