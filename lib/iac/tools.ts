/**
 * The one table of infrastructure-as-code owners: each tool's name, deploy command, documentation and the
 * snippets that make a fix survive its next deploy — binary media types, the streaming switch, and
 * `CONVERT_TO_TEXT` on MOCK OPTIONS methods under the wildcard type. Syntax and redeploy behaviour:
 * docs/real-world-failures.md §2.1, §2.2; streaming settings: docs/streaming.md.
 */
import { codeString, hclString, logicalIdOr, samMediaType, yamlString } from "./quote";

export type IacToolId = "cloudformation" | "sam" | "cdk" | "terraform" | "serverless" | "pulumi" | "sst";
export type SnippetLanguage = "yaml" | "json" | "typescript" | "python" | "hcl";
export type FixKind = "binary-media-types" | "streaming" | "options-content-handling";

export interface Snippet {
  tool: IacToolId;
  /** e.g. "CloudFormation (YAML)". */
  title: string;
  language: SnippetLanguage;
  code: string;
  docsUrl: string;
  /** What the snippet does not say by itself (redeploy, removal, a prerequisite). */
  note?: string;
}

/** What a snippet is built from: the API's full desired list, and names read from its owner where known. */
export interface FixInput {
  /** The complete binary media types the API should end with (IaC replaces the list, it does not add to it). */
  types: string[];
  apiName?: string;
  /** The API's CloudFormation logical id, when its tags carry one. */
  logicalId?: string;
}

export interface IacTool {
  id: IacToolId;
  label: string;
  deployCommand: string;
  docsUrl: string;
  snippets: Partial<Record<FixKind, (input: FixInput) => Snippet[]>>;
}

const CFN_DOCS = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference";
const SAM_DOCS = "https://docs.aws.amazon.com/serverless-application-model/latest/developerguide";
const DOCS = {
  cfnRestApi: `${CFN_DOCS}/aws-resource-apigateway-restapi.html`,
  cfnIntegration: `${CFN_DOCS}/aws-properties-apigateway-method-integration.html`,
  samApi: `${SAM_DOCS}/sam-resource-api.html`,
  samEvent: `${SAM_DOCS}/sam-property-function-api.html`,
  cdkRestApi: "https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_apigateway.RestApi.html",
  cdkTransfer: "https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_apigateway.ResponseTransferMode.html",
  cdkMock: "https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_apigateway.MockIntegration.html",
  tfRestApi: "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/api_gateway_rest_api",
  tfIntegration: "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/api_gateway_integration",
  slsApiGateway: "https://www.serverless.com/framework/docs/providers/aws/events/apigateway",
  pulumiRestApi: "https://www.pulumi.com/registry/packages/aws/api-docs/apigateway/restapi/",
  sstApi: "https://sst.dev/docs/component/aws/apigatewayv1",
} as const;

const STREAMING_NOTE =
  "Streaming needs a handler written for it (awslambda.streamifyResponse in Node.js) and a proxy integration; " +
  "streamed responses skip binary media types entirely.";
const OPTIONS_NOTE =
  "With the wildcard binary type, a MOCK OPTIONS integration without CONVERT_TO_TEXT answers 500 to every " +
  "CORS preflight.";

function snip(
  tool: IacToolId,
  title: string,
  language: SnippetLanguage,
  code: string,
  docsUrl: string,
  note?: string,
): Snippet {
  return { tool, title, language, code, docsUrl, ...(note ? { note } : {}) };
}
const CFN_YAML = "CloudFormation (YAML)";
const CFN_JSON = "CloudFormation (JSON)";
const SLS = "Serverless Framework (serverless.yml)";

const yamlList = (items: string[], indent: string) => items.map((t) => `${indent}- ${yamlString(t)}`).join("\n");
const codeList = (items: string[]) => `[${items.map(codeString).join(", ")}]`;
const hclList = (items: string[]) => `[${items.map(hclString).join(", ")}]`;

function cfnBinary(input: FixInput): Snippet[] {
  const id = logicalIdOr(input.logicalId, "Api");
  const yaml = [
    "Resources:",
    `  ${id}:`,
    "    Type: AWS::ApiGateway::RestApi",
    "    Properties:",
    ...(input.apiName ? [`      Name: ${yamlString(input.apiName)}`] : []),
    "      BinaryMediaTypes:",
    yamlList(input.types, "        "),
    "  # A new list reaches a stage only through a new deployment: rename this resource on every change.",
    `  ${id}Deployment2:`,
    "    Type: AWS::ApiGateway::Deployment",
    "    Properties:",
    `      RestApiId: !Ref ${id}`,
  ].join("\n");
  const json = JSON.stringify(
    {
      Resources: {
        [id]: {
          Type: "AWS::ApiGateway::RestApi",
          Properties: { ...(input.apiName ? { Name: input.apiName } : {}), BinaryMediaTypes: input.types },
        },
        [`${id}Deployment2`]: { Type: "AWS::ApiGateway::Deployment", Properties: { RestApiId: { Ref: id } } },
      },
    },
    null,
    2,
  );
  const note =
    "CloudFormation creates a deployment only when the Deployment's logical id changes; rename it with each change.";
  return [
    snip("cloudformation", CFN_YAML, "yaml", yaml, DOCS.cfnRestApi, note),
    snip("cloudformation", CFN_JSON, "json", json, DOCS.cfnRestApi, note),
  ];
}

function cfnStreaming(input: FixInput): Snippet[] {
  const id = logicalIdOr(input.logicalId, "Api");
  const uri =
    "arn:aws:apigateway:${AWS::Region}:lambda:path/2021-11-15/functions/${Function.Arn}/response-streaming-invocations";
  const yaml = [
    "Resources:",
    "  ProxyMethod:",
    "    Type: AWS::ApiGateway::Method",
    "    Properties:",
    `      RestApiId: !Ref ${id}`,
    "      ResourceId: !Ref ProxyResource",
    "      HttpMethod: ANY",
    "      AuthorizationType: NONE",
    "      Integration:",
    "        Type: AWS_PROXY",
    "        IntegrationHttpMethod: POST",
    "        ResponseTransferMode: STREAM",
    "        Uri:",
    `          Fn::Sub: ${yamlString(uri)}`,
  ].join("\n");
  const json = JSON.stringify(
    {
      Resources: {
        ProxyMethod: {
          Type: "AWS::ApiGateway::Method",
          Properties: {
            RestApiId: { Ref: id },
            ResourceId: { Ref: "ProxyResource" },
            HttpMethod: "ANY",
            AuthorizationType: "NONE",
            Integration: {
              Type: "AWS_PROXY",
              IntegrationHttpMethod: "POST",
              ResponseTransferMode: "STREAM",
              Uri: { "Fn::Sub": uri },
            },
          },
        },
      },
    },
    null,
    2,
  );
  return [
    snip("cloudformation", CFN_YAML, "yaml", yaml, DOCS.cfnIntegration, STREAMING_NOTE),
    snip("cloudformation", CFN_JSON, "json", json, DOCS.cfnIntegration, STREAMING_NOTE),
  ];
}

const CORS_TEMPLATE = '{"statusCode": 200}';

function cfnOptions(input: FixInput): Snippet[] {
  const id = logicalIdOr(input.logicalId, "Api");
  const integration = {
    Type: "MOCK",
    ContentHandling: "CONVERT_TO_TEXT",
    RequestTemplates: { "application/json": CORS_TEMPLATE },
    IntegrationResponses: [{ StatusCode: "200", ContentHandling: "CONVERT_TO_TEXT" }],
  };
  const yaml = [
    "Resources:",
    "  OptionsMethod:",
    "    Type: AWS::ApiGateway::Method",
    "    Properties:",
    `      RestApiId: !Ref ${id}`,
    "      ResourceId: !Ref ProxyResource",
    "      HttpMethod: OPTIONS",
    "      AuthorizationType: NONE",
    "      Integration:",
    "        Type: MOCK",
    "        ContentHandling: CONVERT_TO_TEXT",
    "        RequestTemplates:",
    `          application/json: ${yamlString(CORS_TEMPLATE)}`,
    "        IntegrationResponses:",
    `          - StatusCode: "200"`,
    "            ContentHandling: CONVERT_TO_TEXT",
  ].join("\n");
  const json = JSON.stringify(
    {
      Resources: {
        OptionsMethod: {
          Type: "AWS::ApiGateway::Method",
          Properties: {
            RestApiId: { Ref: id },
            ResourceId: { Ref: "ProxyResource" },
            HttpMethod: "OPTIONS",
            AuthorizationType: "NONE",
            Integration: integration,
          },
        },
      },
    },
    null,
    2,
  );
  return [
    snip("cloudformation", CFN_YAML, "yaml", yaml, DOCS.cfnIntegration, OPTIONS_NOTE),
    snip("cloudformation", CFN_JSON, "json", json, DOCS.cfnIntegration, OPTIONS_NOTE),
  ];
}

function samBinary(input: FixInput): Snippet[] {
  const code = [
    "Globals:",
    "  Api:",
    "    # SAM writes / as ~1 in media types; Mode: overwrite lets a removal from this list take effect.",
    "    BinaryMediaTypes:",
    yamlList(input.types.map(samMediaType), "      "),
  ].join("\n");
  const note =
    "Globals.Api applies to the implicit ServerlessRestApi and every AWS::Serverless::Api; sam deploy redeploys it.";
  return [snip("sam", "AWS SAM (template.yaml)", "yaml", code, DOCS.samApi, note)];
}

function samStreaming(): Snippet[] {
  const code = [
    "Resources:",
    "  Function:",
    "    Type: AWS::Serverless::Function",
    "    Properties:",
    "      Events:",
    "        Proxy:",
    "          Type: Api",
    "          Properties:",
    "            Path: /{proxy+}",
    "            Method: ANY",
    "            # SAM's spelling; it becomes STREAM and the streaming invocation URI.",
    "            ResponseTransferMode: RESPONSE_STREAM",
  ].join("\n");
  return [snip("sam", "AWS SAM (template.yaml)", "yaml", code, DOCS.samEvent, STREAMING_NOTE)];
}

function cdkBinary(input: FixInput): Snippet[] {
  const ts = [
    'import * as apigateway from "aws-cdk-lib/aws-apigateway";',
    "",
    "// Same prop on LambdaRestApi and SpecRestApi; cdk deploy creates a new deployment when it changes.",
    'const api = new apigateway.RestApi(this, "Api", {',
    `  binaryMediaTypes: ${codeList(input.types)},`,
    "});",
  ].join("\n");
  const py = [
    "from aws_cdk import aws_apigateway as apigateway",
    "",
    "api = apigateway.RestApi(",
    '    self, "Api",',
    `    binary_media_types=${codeList(input.types)},`,
    ")",
  ].join("\n");
  return [
    snip("cdk", "AWS CDK (TypeScript)", "typescript", ts, DOCS.cdkRestApi),
    snip("cdk", "AWS CDK (Python)", "python", py, DOCS.cdkRestApi),
  ];
}

function cdkStreaming(): Snippet[] {
  const ts = [
    "// STREAM also switches LambdaIntegration to the streaming invocation URI.",
    "const integration = new apigateway.LambdaIntegration(fn, {",
    "  responseTransferMode: apigateway.ResponseTransferMode.STREAM,",
    "});",
  ].join("\n");
  const py = [
    "integration = apigateway.LambdaIntegration(",
    "    fn,",
    "    response_transfer_mode=apigateway.ResponseTransferMode.STREAM,",
    ")",
  ].join("\n");
  return [
    snip("cdk", "AWS CDK (TypeScript)", "typescript", ts, DOCS.cdkTransfer, STREAMING_NOTE),
    snip("cdk", "AWS CDK (Python)", "python", py, DOCS.cdkTransfer, STREAMING_NOTE),
  ];
}

function cdkOptions(): Snippet[] {
  const ts = [
    'resource.addMethod("OPTIONS", new apigateway.MockIntegration({',
    "  contentHandling: apigateway.ContentHandling.CONVERT_TO_TEXT,",
    `  requestTemplates: { "application/json": ${codeString(CORS_TEMPLATE)} },`,
    '  integrationResponses: [{ statusCode: "200", contentHandling: apigateway.ContentHandling.CONVERT_TO_TEXT }],',
    "}));",
  ].join("\n");
  const py = [
    'resource.add_method("OPTIONS", apigateway.MockIntegration(',
    "    content_handling=apigateway.ContentHandling.CONVERT_TO_TEXT,",
    `    request_templates={"application/json": ${codeString(CORS_TEMPLATE)}},`,
    "    integration_responses=[apigateway.IntegrationResponse(",
    '        status_code="200", content_handling=apigateway.ContentHandling.CONVERT_TO_TEXT)],',
    "))",
  ].join("\n");
  return [
    snip("cdk", "AWS CDK (TypeScript)", "typescript", ts, DOCS.cdkMock, OPTIONS_NOTE),
    snip("cdk", "AWS CDK (Python)", "python", py, DOCS.cdkMock, OPTIONS_NOTE),
  ];
}

function terraformBinary(input: FixInput): Snippet[] {
  const code = [
    'resource "aws_api_gateway_rest_api" "api" {',
    `  name               = ${hclString(input.apiName ?? "my-api")}`,
    `  binary_media_types = ${hclList(input.types)}`,
    "}",
    "",
    "# Without a trigger that includes binary_media_types, terraform apply never redeploys the change.",
    'resource "aws_api_gateway_deployment" "api" {',
    "  rest_api_id = aws_api_gateway_rest_api.api.id",
    "",
    "  triggers = {",
    "    redeployment = sha1(jsonencode([",
    "      aws_api_gateway_rest_api.api.binary_media_types,",
    "      aws_api_gateway_rest_api.api.body,",
    "    ]))",
    "  }",
    "",
    "  lifecycle {",
    "    create_before_destroy = true",
    "  }",
    "}",
  ].join("\n");
  const note =
    "Add your methods' and integrations' ids to the trigger list too; the stage must use this deployment's id.";
  return [snip("terraform", "Terraform (HCL)", "hcl", code, DOCS.tfRestApi, note)];
}

function terraformStreaming(): Snippet[] {
  const code = [
    'resource "aws_api_gateway_integration" "proxy" {',
    "  rest_api_id             = aws_api_gateway_rest_api.api.id",
    "  resource_id             = aws_api_gateway_resource.proxy.id",
    "  http_method             = aws_api_gateway_method.proxy.http_method",
    '  type                    = "AWS_PROXY"',
    '  integration_http_method = "POST"',
    "  uri                     = aws_lambda_function.fn.response_streaming_invoke_arn",
    '  response_transfer_mode  = "STREAM" # AWS provider 6.27.0 or later',
    "}",
  ].join("\n");
  const note = `${STREAMING_NOTE} Include this integration in the deployment's triggers so it is redeployed.`;
  return [snip("terraform", "Terraform (HCL)", "hcl", code, DOCS.tfIntegration, note)];
}

function terraformOptions(): Snippet[] {
  const code = [
    'resource "aws_api_gateway_integration" "options" {',
    "  rest_api_id      = aws_api_gateway_rest_api.api.id",
    "  resource_id      = aws_api_gateway_resource.proxy.id",
    '  http_method      = "OPTIONS"',
    '  type             = "MOCK"',
    '  content_handling = "CONVERT_TO_TEXT"',
    `  request_templates = { "application/json" = ${hclString(CORS_TEMPLATE)} }`,
    "}",
  ].join("\n");
  return [snip("terraform", "Terraform (HCL)", "hcl", code, DOCS.tfIntegration, OPTIONS_NOTE)];
}

function serverlessBinary(input: FixInput): Snippet[] {
  const code = [
    "provider:",
    "  name: aws",
    "  apiGateway:",
    "    binaryMediaTypes:",
    yamlList(input.types, "      "),
  ].join("\n");
  const note = "serverless deploy creates a new deployment every time, so the list reaches the stage.";
  return [snip("serverless", SLS, "yaml", code, DOCS.slsApiGateway, note)];
}

function serverlessStreaming(): Snippet[] {
  const code = [
    "functions:",
    "  app:",
    "    handler: handler.main",
    "    events:",
    "      - http:",
    "          path: /{proxy+}",
    "          method: any",
    "          response:",
    "            transferMode: STREAM",
  ].join("\n");
  return [snip("serverless", SLS, "yaml", code, DOCS.slsApiGateway, STREAMING_NOTE)];
}

function serverlessOptions(): Snippet[] {
  const code = [
    "functions:",
    "  app:",
    "    events:",
    "      - http:",
    "          path: /{proxy+}",
    "          method: any",
    "          cors: true",
  ].join("\n");
  const note =
    "The Framework's own cors: true preflight already sets CONVERT_TO_TEXT; " +
    "replace a hand-written OPTIONS method with it.";
  return [snip("serverless", SLS, "yaml", code, DOCS.slsApiGateway, note)];
}

function pulumiBinary(input: FixInput): Snippet[] {
  const code = [
    'import * as aws from "@pulumi/aws";',
    "",
    'const api = new aws.apigateway.RestApi("api", {',
    `  binaryMediaTypes: ${codeList(input.types)},`,
    "});",
    "// Redeploy when the list changes:",
    'const deployment = new aws.apigateway.Deployment("api", {',
    "  restApi: api.id,",
    "  triggers: { binaryMediaTypes: api.binaryMediaTypes.apply((t) => JSON.stringify(t ?? [])) },",
    "});",
  ].join("\n");
  return [snip("pulumi", "Pulumi (TypeScript)", "typescript", code, DOCS.pulumiRestApi)];
}

function sstBinary(input: FixInput): Snippet[] {
  const code = [
    'const api = new sst.aws.ApiGatewayV1("Api", {',
    "  transform: {",
    `    api: { binaryMediaTypes: ${codeList(input.types)} },`,
    "    // SST's deployment triggers cover routes only: add the list so a change is redeployed.",
    `    deployment: { triggers: { binaryMediaTypes: ${codeString(JSON.stringify(input.types))} } },`,
    "  },",
    "});",
    "api.deploy();",
  ].join("\n");
  return [snip("sst", "SST v3 (sst.config.ts)", "typescript", code, DOCS.sstApi)];
}

/** Every owner BinaryGate knows, with its snippets; a tool without an entry for a fix has no setting for it. */
export const IAC_TOOLS: Record<IacToolId, IacTool> = {
  cloudformation: {
    id: "cloudformation",
    label: "CloudFormation",
    deployCommand: "stack update",
    docsUrl: DOCS.cfnRestApi,
    snippets: { "binary-media-types": cfnBinary, streaming: cfnStreaming, "options-content-handling": cfnOptions },
  },
  sam: {
    id: "sam",
    label: "AWS SAM",
    deployCommand: "sam deploy",
    docsUrl: DOCS.samApi,
    // SAM's generated CORS preflight has no contentHandling setting.
    snippets: { "binary-media-types": samBinary, streaming: samStreaming },
  },
  cdk: {
    id: "cdk",
    label: "AWS CDK",
    deployCommand: "cdk deploy",
    docsUrl: DOCS.cdkRestApi,
    snippets: { "binary-media-types": cdkBinary, streaming: cdkStreaming, "options-content-handling": cdkOptions },
  },
  terraform: {
    id: "terraform",
    label: "Terraform",
    deployCommand: "terraform apply",
    docsUrl: DOCS.tfRestApi,
    snippets: {
      "binary-media-types": terraformBinary,
      streaming: terraformStreaming,
      "options-content-handling": terraformOptions,
    },
  },
  serverless: {
    id: "serverless",
    label: "Serverless Framework",
    deployCommand: "serverless deploy",
    docsUrl: DOCS.slsApiGateway,
    snippets: {
      "binary-media-types": serverlessBinary,
      streaming: serverlessStreaming,
      "options-content-handling": serverlessOptions,
    },
  },
  pulumi: {
    id: "pulumi",
    label: "Pulumi",
    deployCommand: "pulumi up",
    docsUrl: DOCS.pulumiRestApi,
    snippets: { "binary-media-types": pulumiBinary },
  },
  sst: {
    id: "sst",
    label: "SST",
    deployCommand: "sst deploy",
    docsUrl: DOCS.sstApi,
    snippets: { "binary-media-types": sstBinary },
  },
};

const ALL_TOOLS = Object.keys(IAC_TOOLS) as IacToolId[];

/** The snippets for one fix, for the given tools in order (all when none are given); [] when none has a setting. */
export function snippetsFor(fix: FixKind, input: FixInput, tools: IacToolId[] = ALL_TOOLS): Snippet[] {
  return tools.flatMap((id) => IAC_TOOLS[id].snippets[fix]?.(input) ?? []);
}

/**
 * The full list a snippet must carry after adding or removing one type: IaC replaces the whole list, so a snippet
 * with only the new type would drop the others on the next deploy.
 */
export function desiredTypes(current: string[], change: { add?: string; remove?: string }): string[] {
  const kept = current.filter((t) => t !== change.remove);
  return change.add && !kept.includes(change.add) ? [...kept, change.add] : kept;
}
