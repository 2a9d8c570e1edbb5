import { describe, expect, it } from "vitest";
import { parseDocument, type Tags } from "yaml";
import { detectOwner } from "./owner";
import { hclString, samMediaType, yamlString } from "./quote";
import { desiredTypes, IAC_TOOLS, type IacToolId, type Snippet, snippetsFor } from "./tools";

const TYPES = ["image/png", "*/*", "application/vnd.ms-excel"];
const ALL = Object.keys(IAC_TOOLS) as IacToolId[];
// CloudFormation's short-form intrinsic, as cfn-lint and the CLI read it.
const cfnTags: Tags = [{ tag: "!Ref", resolve: (s: string) => ({ Ref: s }) }];

function yaml(code: string): Record<string, any> {
  const doc = parseDocument(code, { customTags: cfnTags });
  expect(doc.errors).toEqual([]);
  expect(doc.warnings).toEqual([]);
  // toJS resolves aliases: an unquoted `*/*` fails only here.
  return doc.toJS();
}

/** An HCL-like check: balanced braces and brackets outside strings, every string closed, no template left open. */
function hclLike(code: string): void {
  const stack: string[] = [];
  let inString = false;
  for (let i = 0; i < code.length; i++) {
    const c = code[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
      else if (c === "$" && code[i + 1] === "{")
        expect.fail(`unescaped interpolation at ${i}: ${code.slice(i, i + 20)}`);
      else if (c === "\n") expect.fail("string not closed on its line");
      continue;
    }
    if (c === "#") {
      while (i < code.length && code[i] !== "\n") i++;
    } else if (c === '"') inString = true;
    else if ("{[(".includes(c)) stack.push(c);
    else if ("}])".includes(c)) expect(stack.pop()).toBe({ "}": "{", "]": "[", ")": "(" }[c]);
  }
  expect(inString).toBe(false);
  expect(stack).toEqual([]);
}

/** Balanced delimiters for TypeScript and Python snippets (strings are JSON-escaped literals). */
const balanced = (code: string) => hclLike(code.replace(/\/\/[^\n]*/g, ""));

const byTitle = (s: Snippet[], title: string) => s.find((x) => x.title.includes(title))!;

describe("binary media type snippets, one per owner", () => {
  const snippets = snippetsFor("binary-media-types", { types: TYPES, apiName: "images", logicalId: "ImagesApi" });

  it("every tool in the table has one, with an https documentation link", () => {
    expect(new Set(snippets.map((s) => s.tool))).toEqual(new Set(ALL));
    for (const s of snippets) expect(s.docsUrl).toMatch(/^https:\/\//);
  });

  it("CloudFormation YAML and JSON list the types verbatim, with a deployment to rename", () => {
    const y = yaml(byTitle(snippets, "CloudFormation (YAML)").code);
    expect(y.Resources.ImagesApi.Properties.BinaryMediaTypes).toEqual(TYPES);
    expect(y.Resources.ImagesApiDeployment2.Properties.RestApiId).toEqual({ Ref: "ImagesApi" });
    const j = JSON.parse(byTitle(snippets, "CloudFormation (JSON)").code);
    expect(j.Resources.ImagesApi.Properties).toEqual({ Name: "images", BinaryMediaTypes: TYPES });
    expect(j.Resources.ImagesApiDeployment2.Type).toBe("AWS::ApiGateway::Deployment");
  });

  it("SAM uses Globals.Api.BinaryMediaTypes with ~1 for every slash (*~1* for the wildcard)", () => {
    const y = yaml(byTitle(snippets, "SAM").code);
    expect(y.Globals.Api.BinaryMediaTypes).toEqual(["image~1png", "*~1*", "application~1vnd.ms-excel"]);
  });

  it("CDK TypeScript and Python carry the list as literals", () => {
    const ts = byTitle(snippets, "CDK (TypeScript)").code;
    expect(ts).toContain('binaryMediaTypes: ["image/png", "*/*", "application/vnd.ms-excel"],');
    balanced(ts);
    const py = byTitle(snippets, "CDK (Python)").code;
    expect(py).toContain('binary_media_types=["image/png", "*/*", "application/vnd.ms-excel"],');
    balanced(py);
  });

  it("Terraform sets binary_media_types and a deployment trigger that includes it", () => {
    const tf = byTitle(snippets, "Terraform").code;
    hclLike(tf);
    const list = /binary_media_types = (\[.*\])/.exec(tf)?.[1];
    expect(JSON.parse(list!)).toEqual(TYPES);
    expect(tf).toMatch(
      /triggers = \{\s+redeployment = sha1\(jsonencode\(\[\s+aws_api_gateway_rest_api\.api\.binary_media_types,/,
    );
    expect(tf).toContain("create_before_destroy = true");
    expect(tf).toContain('name               = "images"');
  });

  it("Serverless Framework sets provider.apiGateway.binaryMediaTypes", () => {
    const y = yaml(byTitle(snippets, "Serverless").code);
    expect(y.provider.apiGateway.binaryMediaTypes).toEqual(TYPES);
  });

  it("Pulumi and SST redeploy on a change of the list", () => {
    const pulumi = byTitle(snippets, "Pulumi").code;
    balanced(pulumi);
    expect(pulumi).toContain("triggers: { binaryMediaTypes:");
    const sst = byTitle(snippets, "SST").code;
    balanced(sst);
    expect(sst).toContain('binaryMediaTypes: ["image/png", "*/*", "application/vnd.ms-excel"]');
    expect(sst).toContain("deployment: { triggers:");
  });

  it("falls back to a valid logical id when the tag's id is unusable", () => {
    const [y] = snippetsFor("binary-media-types", { types: ["*/*"], logicalId: "bad-id!" }, ["cloudformation"]);
    expect(Object.keys(yaml(y.code).Resources)).toEqual(["Api", "ApiDeployment2"]);
  });
});

describe("escaping", () => {
  it("an unquoted wildcard is a YAML alias error — the reason every value is quoted", () => {
    expect(() => parseDocument("BinaryMediaTypes:\n  - */*\n").toJS()).toThrow(/Unresolved alias/);
    expect(parseDocument(`BinaryMediaTypes:\n  - ${yamlString("*/*")}\n`).toJS()).toEqual({
      BinaryMediaTypes: ["*/*"],
    });
  });

  it("quotes HCL templates and YAML specials", () => {
    expect(hclString('a${b}%{c}"d\\')).toBe('"a$${b}%%{c}\\"d\\\\"');
    expect(parseDocument(`k: ${yamlString('x: "#y\\')}`).toJS()).toEqual({ k: 'x: "#y\\' });
    expect(samMediaType("application/x-www-form-urlencoded")).toBe("application~1x-www-form-urlencoded");
  });
});

describe("streaming switch", () => {
  const s = snippetsFor("streaming", { types: [], logicalId: "Api" });

  it("is offered where the owner has a setting", () => {
    expect(new Set(s.map((x) => x.tool))).toEqual(new Set(["cloudformation", "sam", "cdk", "terraform", "serverless"]));
  });

  it("CloudFormation sets STREAM and the 2021-11-15 streaming URI", () => {
    const y = yaml(byTitle(s, "CloudFormation (YAML)").code);
    const integration = y.Resources.ProxyMethod.Properties.Integration;
    expect(integration.ResponseTransferMode).toBe("STREAM");
    expect(integration.Uri["Fn::Sub"]).toMatch(/path\/2021-11-15\/functions\/.*\/response-streaming-invocations$/);
    expect(JSON.parse(byTitle(s, "CloudFormation (JSON)").code).Resources.ProxyMethod.Properties.Integration).toEqual(
      integration,
    );
  });

  it("SAM uses its own RESPONSE_STREAM spelling; the others STREAM", () => {
    const sam = yaml(byTitle(s, "SAM").code);
    expect(sam.Resources.Function.Properties.Events.Proxy.Properties.ResponseTransferMode).toBe("RESPONSE_STREAM");
    const sls = yaml(byTitle(s, "Serverless").code);
    expect(sls.functions.app.events[0].http.response.transferMode).toBe("STREAM");
    const tf = byTitle(s, "Terraform").code;
    hclLike(tf);
    expect(tf).toMatch(/response_transfer_mode\s+= "STREAM"/);
    expect(tf).toContain("response_streaming_invoke_arn");
    expect(byTitle(s, "CDK (TypeScript)").code).toContain(
      "responseTransferMode: apigateway.ResponseTransferMode.STREAM",
    );
    expect(byTitle(s, "CDK (Python)").code).toContain("response_transfer_mode=apigateway.ResponseTransferMode.STREAM");
  });
});

describe("CONVERT_TO_TEXT on MOCK OPTIONS", () => {
  const s = snippetsFor("options-content-handling", { types: [] });

  it("is offered by every owner with a setting, not by SAM", () => {
    expect(s.map((x) => x.tool)).not.toContain("sam");
    expect(new Set(s.map((x) => x.tool))).toEqual(new Set(["cloudformation", "cdk", "terraform", "serverless"]));
  });

  it("sets contentHandling on a MOCK OPTIONS integration", () => {
    const y = yaml(byTitle(s, "CloudFormation (YAML)").code);
    const p = y.Resources.OptionsMethod.Properties;
    expect([p.HttpMethod, p.Integration.Type, p.Integration.ContentHandling]).toEqual([
      "OPTIONS",
      "MOCK",
      "CONVERT_TO_TEXT",
    ]);
    expect(p.Integration.RequestTemplates["application/json"]).toBe('{"statusCode": 200}');
    expect(JSON.parse(byTitle(s, "CloudFormation (JSON)").code).Resources.OptionsMethod.Properties.Integration).toEqual(
      p.Integration,
    );
    const tf = byTitle(s, "Terraform").code;
    hclLike(tf);
    expect(tf).toContain('content_handling = "CONVERT_TO_TEXT"');
    expect(yaml(byTitle(s, "Serverless").code).functions.app.events[0].http.cors).toBe(true);
    for (const t of ["CDK (TypeScript)", "CDK (Python)"]) balanced(byTitle(s, t).code);
  });
});

describe("owner → snippets", () => {
  it("an implicit SAM API gets the SAM snippet first", () => {
    const owner = detectOwner({
      "aws:cloudformation:stack-name": "app",
      "aws:cloudformation:logical-id": "ServerlessRestApi",
    });
    const [first] = snippetsFor("binary-media-types", { types: ["*/*"], logicalId: owner.logicalId }, owner.tools);
    expect(first.tool).toBe("sam");
    expect(first.code).toContain('- "*~1*"');
  });
});

describe("desiredTypes", () => {
  it.each([
    [["image/png"], { add: "*/*" }, ["image/png", "*/*"]],
    [["image/png", "*/*"], { add: "*/*" }, ["image/png", "*/*"]],
    [["image/png", "*/*"], { remove: "image/png" }, ["*/*"]],
    [[], { remove: "image/png" }, []],
  ])("%j %j → %j", (current, change, expected) => {
    expect(desiredTypes(current, change)).toEqual(expected);
  });
});
