// The whole AWS knowledge-center procedure with nothing but the AWS CLI v2, then curl on the host-style stage URL
// (issue "Embedded emulator, part 2", done-when): create a function from a zip, a REST API with a GET method and a
// Lambda proxy integration, the permission, a binary media type, a deployment — and the bytes come out as bytes for
// `Accept: image/png`, as base64 text for a browser tab's Accept (docs/aws-binary-rules.md §0, §1.2). ~10 CLI calls, ~1
// s each.
import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { strToU8, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makePng } from "@/lib/emulator/seed/assets";
import { freshEmulator } from "../core/helpers";
import { awsCli, requireAwsCli } from "./aws-cli";

const run = promisify(execFile);
let emu: Awaited<ReturnType<typeof freshEmulator>>;
const png = makePng(32);

const handler = `
const PNG = ${JSON.stringify(png.toString("base64"))};
exports.handler = async () => ({
  statusCode: 200,
  headers: { "Content-Type": "image/png" },
  isBase64Encoded: true,
  body: PNG,
});
`;

/** Runs a CLI command that must succeed and returns its JSON output. */
async function ok(...args: string[]): Promise<Record<string, unknown>> {
  const r = await awsCli(emu, ...args);
  if (r.code !== 0) throw new Error(`aws ${args.join(" ")} exited ${r.code}: ${r.stderr}`);
  return r.stdout.trim() ? (JSON.parse(r.stdout) as Record<string, unknown>) : {};
}

/** curl's view of a stage URL: status, content type and the exact body bytes. */
async function curl(url: string, accept: string): Promise<{ status: string; contentType: string; body: Buffer }> {
  const out = path.join(emu.stateDir, `curl-${Math.random().toString(36).slice(2)}.bin`);
  const { stdout } = await run(
    "curl",
    ["-s", "-H", `Accept: ${accept}`, "-o", out, "-w", "%{http_code} %{content_type}", url],
    {
      encoding: "utf8",
      timeout: 20_000,
    },
  );
  const [status, contentType] = stdout.split(" ");
  return { status, contentType, body: await readFile(out) };
}

beforeAll(async () => {
  requireAwsCli();
  emu = await freshEmulator();
});
afterAll(async () => {
  await emu?.dispose();
});

describe("AWS CLI only: function from a zip → REST API → permission → binary type → deployment → curl", () => {
  it("serves the PNG as bytes to Accept: image/png and as base64 text to a browser tab", async () => {
    const zipPath = path.join(emu.stateDir, "fn.zip");
    await writeFile(zipPath, zipSync({ "index.js": strToU8(handler) }));

    const fn = await ok(
      "lambda",
      "create-function",
      "--function-name",
      "cli-png",
      "--runtime",
      "nodejs20.x",
      "--handler",
      "index.handler",
      "--role",
      "arn:aws:iam::000000000000:role/lambda",
      "--zip-file",
      `fileb://${zipPath}`,
    );
    const functionArn = fn.FunctionArn as string;
    expect(functionArn).toBe("arn:aws:lambda:us-east-1:000000000000:function:cli-png");

    const api = await ok("apigateway", "create-rest-api", "--name", "cli-flow");
    const apiId = api.id as string;
    // Debian's CLI 2.9.19 predates `rootResourceId` in the RestApi model and drops it: find "/" as its users do.
    const resources = await ok("apigateway", "get-resources", "--rest-api-id", apiId);
    const root = (resources.items as { id: string; path: string }[]).find((r) => r.path === "/")!;
    const resource = await ok(
      "apigateway",
      "create-resource",
      "--rest-api-id",
      apiId,
      "--parent-id",
      root.id,
      "--path-part",
      "image",
    );
    const resourceId = resource.id as string;
    await ok(
      "apigateway",
      "put-method",
      "--rest-api-id",
      apiId,
      "--resource-id",
      resourceId,
      "--http-method",
      "GET",
      "--authorization-type",
      "NONE",
    );
    await ok(
      "apigateway",
      "put-integration",
      "--rest-api-id",
      apiId,
      "--resource-id",
      resourceId,
      "--http-method",
      "GET",
      "--type",
      "AWS_PROXY",
      "--integration-http-method",
      "POST",
      "--uri",
      `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${functionArn}/invocations`,
    );
    await ok(
      "lambda",
      "add-permission",
      "--function-name",
      "cli-png",
      "--statement-id",
      "apigw",
      "--action",
      "lambda:InvokeFunction",
      "--principal",
      "apigateway.amazonaws.com",
      "--source-arn",
      `arn:aws:execute-api:us-east-1:000000000000:${apiId}/*/GET/image`,
    );
    const patched = await ok(
      "apigateway",
      "update-rest-api",
      "--rest-api-id",
      apiId,
      "--patch-operations",
      "op=add,path=/binaryMediaTypes/image~1png",
    );
    expect(patched.binaryMediaTypes).toEqual(["image/png"]);
    await ok("apigateway", "create-deployment", "--rest-api-id", apiId, "--stage-name", "prod");

    const url = `http://${apiId}.execute-api.localhost:${emu.port}/prod/image`;
    const binary = await curl(url, "image/png");
    expect(binary.status).toBe("200");
    expect(binary.contentType).toBe("image/png");
    expect(binary.body.equals(png)).toBe(true);

    // The same stage, a browser tab's Accept: the first value is text/html, which is not listed
    // (docs/aws-binary-rules.md §1.5).
    const tab = await curl(url, "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
    expect(tab.status).toBe("200");
    expect(tab.contentType).toBe("image/png");
    expect(tab.body.toString("latin1")).toBe(png.toString("base64"));
  }, 90_000);
});
