import { describe, expect, it } from "vitest";
import { checkAdapters, detectAdapters, isTextMediaType } from "./adapters";

const pkg = (deps: Record<string, string>) => JSON.stringify({ name: "app", dependencies: deps });
const detect = (files: Record<string, string>, mediaType = "image/png", environment?: Record<string, string>) =>
  detectAdapters({ files, mediaType, environment }).map((a) => [a.id, a.version, a.handlesType]);

describe("adapter detection (docs/real-world-failures.md §P5)", () => {
  it.each<[string, Record<string, string>, string, Record<string, string> | undefined, unknown[]]>([
    ["nothing", { "index.js": "exports.handler = async () => ({ statusCode: 200 })" }, "image/png", undefined, []],
    [
      "serverless-http without binary",
      {
        "package.json": pkg({ "serverless-http": "^3.2.0" }),
        "index.js": 'const serverless = require("serverless-http");\nmodule.exports.handler = serverless(app);',
      },
      "image/png",
      undefined,
      [["serverless-http", "^3.2.0", "no"]],
    ],
    [
      "serverless-http with binary image/*, installed version wins",
      {
        "package.json": pkg({ "serverless-http": "^3.2.0" }),
        "node_modules/serverless-http/package.json": '{"name":"serverless-http","version":"3.2.0"}',
        "index.mjs":
          "import serverless from 'serverless-http';\nexport const handler = serverless(app, { binary: ['image/*'] });",
      },
      "image/png",
      undefined,
      [["serverless-http", "3.2.0", "yes"]],
    ],
    [
      "serverless-http listing another type",
      {
        "index.js": 'const s = require("serverless-http"); exports.handler = s(app, { binary: ["application/pdf"] });',
      },
      "image/png",
      undefined,
      [["serverless-http", null, "no"]],
    ],
    [
      "serverless-http binary: true",
      { "index.js": 'const s = require("serverless-http"); exports.handler = s(app, { binary: true });' },
      "image/png",
      undefined,
      [["serverless-http", null, "yes"]],
    ],
    [
      "serverless-http binary from a variable",
      { "index.js": 'const s = require("serverless-http"); exports.handler = s(app, { binary: types });' },
      "image/png",
      undefined,
      [["serverless-http", null, "unknown"]],
    ],
    [
      "serverless-http with BINARY_CONTENT_TYPES",
      { "index.js": 'const s = require("serverless-http"); exports.handler = s(app);' },
      "image/png",
      { BINARY_CONTENT_TYPES: "image/png,application/pdf" },
      [["serverless-http", null, "yes"]],
    ],
    [
      "serverless-express v4 default image/*",
      { "package.json": pkg({ "@codegenie/serverless-express": "4.16.0" }) },
      "image/png",
      undefined,
      [["serverless-express", "4.16.0", "yes"]],
    ],
    [
      "serverless-express v4 default does not cover PDF",
      { "package.json": pkg({ "@vendia/serverless-express": "^4.10.1" }) },
      "application/pdf",
      undefined,
      [["serverless-express", "^4.10.1", "no"]],
    ],
    [
      "serverless-express binarySettings listing PDF",
      {
        "lambda.js":
          "const serverlessExpress = require('@vendia/serverless-express');\n" +
          "exports.handler = serverlessExpress({ app, binarySettings: { contentTypes: ['application/pdf'] } });",
      },
      "application/pdf",
      undefined,
      [["serverless-express", null, "yes"]],
    ],
    [
      "aws-serverless-express v3 lists nothing by default",
      { "package.json": pkg({ "aws-serverless-express": "3.4.0" }) },
      "image/png",
      undefined,
      [["serverless-express", "3.4.0", "no"]],
    ],
    [
      "Mangum encodes an image by default",
      {
        "requirements.txt": "fastapi==0.115.0\nmangum==0.19.0\n",
        "app.py": "from mangum import Mangum\nhandler = Mangum(app)",
      },
      "image/png",
      undefined,
      [["mangum", "==0.19.0", "yes"]],
    ],
    [
      "Mangum base64-encodes a text type missing from text_mime_types",
      {
        "app.py": "from mangum import Mangum\nhandler = Mangum(app)",
        "mangum-0.17.0.dist-info/METADATA": "Name: mangum",
      },
      "application/x-ndjson",
      undefined,
      [["mangum", "0.17.0", "no"]],
    ],
    [
      "Mangum told an image is text",
      { "app.py": 'from mangum import Mangum\nhandler = Mangum(app, text_mime_types=["text/", "image/"])' },
      "image/png",
      undefined,
      [["mangum", null, "no"]],
    ],
    [
      "Mangum from pyproject.toml",
      { "pyproject.toml": '[project]\ndependencies = [\n  "mangum>=0.17",\n]\n' },
      "image/png",
      undefined,
      [["mangum", ">=0.17", "yes"]],
    ],
    [
      "Chalice default list has image/png",
      { "requirements.txt": "chalice==1.31.0", "app.py": "from chalice import Chalice\napp = Chalice(app_name='x')" },
      "image/png",
      undefined,
      [["chalice", "==1.31.0", "yes"]],
    ],
    [
      "Chalice without image/webp, then appended",
      {
        "app.py": "from chalice import Chalice\napp = Chalice(app_name='x')\napp.api.binary_types.append('image/webp')",
      },
      "image/webp",
      undefined,
      [["chalice", null, "yes"]],
    ],
    [
      "Chalice missing image/webp",
      { Pipfile: '[packages]\nchalice = "==1.31.0"\n' },
      "image/webp",
      undefined,
      [["chalice", "==1.31.0", "no"]],
    ],
    [
      "Zappa with binary_support false",
      { "zappa_settings.py": "BINARY_SUPPORT = False\n", "zappa-0.59.0.dist-info/RECORD": "" },
      "image/png",
      undefined,
      [["zappa", "0.59.0", "no"]],
    ],
    ["Zappa default", { "requirements.txt": "zappa==0.59.0" }, "image/png", undefined, [["zappa", "==0.59.0", "yes"]]],
    [
      "bref without BREF_BINARY_RESPONSES",
      { "composer.json": JSON.stringify({ require: { "bref/bref": "^2.3" } }) },
      "image/png",
      undefined,
      [["bref", "^2.3", "no"]],
    ],
    [
      "bref with the env var, locked version",
      { "composer.lock": JSON.stringify({ packages: [{ name: "bref/bref", version: "2.3.4" }] }) },
      "image/png",
      { BREF_BINARY_RESPONSES: "1" },
      [["bref", "2.3.4", "yes"]],
    ],
    [
      "Powertools for Python",
      { "requirements.txt": "aws-lambda-powertools[tracer]==3.4.0" },
      "image/png",
      undefined,
      [["powertools-python", "==3.4.0", "unknown"]],
    ],
    [
      "Lambda Web Adapter from a Dockerfile",
      { Dockerfile: "COPY --from=public.ecr.aws/awsguru/aws-lambda-adapter:0.9.1 /lambda-adapter /opt/extensions/" },
      "image/png",
      undefined,
      [["lambda-web-adapter", "0.9.1", "yes"]],
    ],
    [
      "Lambda Web Adapter from its env",
      {},
      "image/png",
      { AWS_LWA_PORT: "8000" },
      [["lambda-web-adapter", null, "yes"]],
    ],
  ])("%s", (_name, files, type, env, want) => {
    expect(detect(files, type, env)).toEqual(want);
  });

  it.each([
    ["text/html", true],
    ["application/json; charset=utf-8", true],
    ["application/vnd.api+json", true],
    ["image/svg+xml", true],
    ["image/png", false],
    ["application/octet-stream", false],
  ])("isTextMediaType(%s) = %s", (t, want) => {
    expect(isTextMediaType(t)).toBe(want);
  });

  describe("checkAdapters", () => {
    it("fails with the exact serverless-http setting", () => {
      const files = { "package.json": pkg({ "serverless-http": "3.2.0" }), "index.js": 'require("serverless-http")' };
      const [f] = checkAdapters({ files, mediaType: "image/png" });
      expect(f).toMatchObject({ id: "adapter.serverless-http", layer: "adapter", status: "failed" });
      expect(f.cause).toContain("serverless-http 3.2.0 (package.json) does not handle image/png as binary");
      expect(f.fix).toBe('serverless(app, { binary: ["image/png"] })');
    });

    it("names the Mangum setting for a text type", () => {
      const [f] = checkAdapters({ files: { "requirements.txt": "mangum" }, mediaType: "application/x-ndjson" });
      expect(f.status).toBe("failed");
      expect(f.fix).toContain('text_mime_types=[..., "application/x-ndjson"]');
    });

    it("says no adapter found", () => {
      expect(checkAdapters({ files: { "index.js": "" }, mediaType: "image/png" })).toEqual([
        expect.objectContaining({ id: "adapter.none", status: "passed" }),
      ]);
    });

    it("does not guess where the source cannot tell", () => {
      const [f] = checkAdapters({ files: { "requirements.txt": "aws-lambda-powertools" }, mediaType: "image/png" });
      expect(f.status).toBe("not-checked");
      expect(f.fix).toContain("body=<bytes>");
    });
  });
});
