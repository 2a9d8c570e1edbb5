/** Resources, methods and integrations: GetResources, Get/Create/DeleteResource, Put/Get/DeleteMethod, Put/Get/DeleteIntegration. */
import { z } from "zod";
import type { AwsCall, AwsReply, EmulatorContext } from "../contracts";
import { badRequest } from "../errors";
import { newId } from "../ids";
import type { IntegrationRecord, MethodRecord, ResourceRecord, RestApiRecord } from "../model";
import { DEFAULT_INTEGRATION_TIMEOUT_MS } from "../../binary";
import {
  conflict,
  getApi,
  getApiDraft,
  getMethod,
  getResource,
  jsonBody,
  notFound,
  paginate,
  StringMap,
  validateInput,
} from "./common";
import { integrationShape, methodShape, resourceShape } from "./shapes";
import { checkTransferMode, LAMBDA_INVOKE_URI_RE, LAMBDA_STREAM_URI_RE, TRANSFER_MODES } from "./transfer-mode";

const HTTP_METHODS = ["ANY", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"];

/** Resources in path order (what the console and CLI show). */
function sortedResources(api: RestApiRecord): ResourceRecord[] {
  return Object.values(api.resources).sort((a, b) =>
    a.path < b.path ? -1 : a.path > b.path ? 1 : a.id < b.id ? -1 : 1,
  );
}

/** GetResources: `{"item":[…]}`; `embed=methods` puts full Method objects in `resourceMethods`. */
export async function getResources(ctx: EmulatorContext, call: AwsCall, apiId: string): Promise<AwsReply> {
  const api = getApi(ctx.store.read(), ctx, call.region, apiId);
  const embed = call.url.searchParams.getAll("embed").some((e) => e.split(",").includes("methods"));
  const { page, position } = paginate(sortedResources(api), call.url);
  return { status: 200, body: { item: page.map((r) => resourceShape(r, embed)), ...(position ? { position } : {}) } };
}

/** GetResource. */
export async function getResourceOp(
  ctx: EmulatorContext,
  call: AwsCall,
  apiId: string,
  resourceId: string,
): Promise<AwsReply> {
  const api = getApi(ctx.store.read(), ctx, call.region, apiId);
  const embed = call.url.searchParams.getAll("embed").some((e) => e.split(",").includes("methods"));
  return { status: 200, body: resourceShape(getResource(api, resourceId), embed) };
}

const PATH_PART_RE = /^(?:[a-zA-Z0-9._:@+-]+|\{[a-zA-Z0-9._-]+\+?\})$/;
const CreateResourceSchema = z.strictObject({ pathPart: z.string() });

/** CreateResource under a parent (201). `{param}` and a final `{proxy+}` are allowed; siblings must differ. */
export async function createResource(
  ctx: EmulatorContext,
  call: AwsCall,
  apiId: string,
  parentId: string,
): Promise<AwsReply> {
  const { pathPart } = validateInput(CreateResourceSchema, jsonBody(call), "createResourceInput");
  if (!PATH_PART_RE.test(pathPart)) {
    throw badRequest(
      "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end and an optional plus sign before the closing brace.",
    );
  }
  const created = await ctx.store.mutate((draft) => {
    const api = getApiDraft(draft, ctx, call.region, apiId);
    const parent = getResource(api, parentId);
    if (/\+\}$/.test(parent.pathPart ?? "")) {
      throw badRequest(`Cannot create a child of a resource with a greedy path variable: ${parent.pathPart}`);
    }
    const siblings = Object.values(api.resources).filter((r) => r.parentId === parentId);
    if (siblings.some((s) => s.pathPart === pathPart)) {
      throw conflict(`Another resource with the same parent already has this name: ${pathPart}`);
    }
    const variable = pathPart.startsWith("{");
    const otherVariable = variable ? siblings.find((s) => s.pathPart?.startsWith("{")) : undefined;
    if (otherVariable) {
      throw badRequest(
        `A sibling (${otherVariable.pathPart}) of this resource already has a variable path part -- only one is allowed`,
      );
    }
    let id = newId();
    while (Object.hasOwn(api.resources, id)) id = newId();
    const resource: ResourceRecord = {
      id,
      parentId,
      pathPart,
      path: parent.path === "/" ? `/${pathPart}` : `${parent.path}/${pathPart}`,
      methods: {},
    };
    api.resources[id] = resource;
    return structuredClone(resource);
  });
  return { status: 201, body: resourceShape(created, false) };
}

/** DeleteResource (202): removes the resource and all its descendants; the root cannot be deleted. */
export async function deleteResource(
  ctx: EmulatorContext,
  call: AwsCall,
  apiId: string,
  resourceId: string,
): Promise<AwsReply> {
  await ctx.store.mutate((draft) => {
    const api = getApiDraft(draft, ctx, call.region, apiId);
    getResource(api, resourceId);
    if (resourceId === api.rootResourceId) throw badRequest("Cannot delete the root resource of a REST API");
    const doomed = new Set([resourceId]);
    // Parents are created before children, but deleting by fixpoint does not rely on any order.
    for (let grew = true; grew; ) {
      grew = false;
      for (const r of Object.values(api.resources)) {
        if (r.parentId && doomed.has(r.parentId) && !doomed.has(r.id)) {
          doomed.add(r.id);
          grew = true;
        }
      }
    }
    for (const id of doomed) delete api.resources[id];
  });
  return { status: 202 };
}

function checkHttpMethod(m: string): string {
  const upper = m.toUpperCase();
  if (!HTTP_METHODS.includes(upper))
    throw badRequest(`Invalid HttpMethod specified. Valid options are ${HTTP_METHODS.join(",")}`);
  return upper;
}

const PutMethodSchema = z.strictObject({
  authorizationType: z.enum(["NONE", "AWS_IAM", "CUSTOM", "COGNITO_USER_POOLS"]),
  authorizerId: z.string().optional(),
  apiKeyRequired: z.boolean().optional(),
  operationName: z.string().optional(),
  requestParameters: z.record(z.string(), z.boolean()).optional(),
  requestModels: StringMap.optional(),
  requestValidatorId: z.string().optional(),
  authorizationScopes: z.array(z.string()).optional(),
});

/** PutMethod (201); an existing method is a 409, as on AWS. */
export async function putMethod(
  ctx: EmulatorContext,
  call: AwsCall,
  apiId: string,
  resourceId: string,
  httpMethod: string,
): Promise<AwsReply> {
  const method = checkHttpMethod(httpMethod);
  const input = validateInput(PutMethodSchema, jsonBody(call), "putMethodInput");
  if (
    (input.authorizationType === "CUSTOM" || input.authorizationType === "COGNITO_USER_POOLS") &&
    !input.authorizerId
  ) {
    throw badRequest(
      "Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.",
    );
  }
  const created = await ctx.store.mutate((draft) => {
    const api = getApiDraft(draft, ctx, call.region, apiId);
    const resource = getResource(api, resourceId);
    if (Object.hasOwn(resource.methods, method)) throw conflict("Method already exists for this resource");
    const record: MethodRecord = {
      httpMethod: method,
      authorizationType: input.authorizationType,
      authorizerId: input.authorizerId,
      apiKeyRequired: input.apiKeyRequired ?? false,
      operationName: input.operationName,
      requestParameters: input.requestParameters,
      requestModels: input.requestModels,
    };
    resource.methods[method] = JSON.parse(JSON.stringify(record)) as MethodRecord;
    return resource.methods[method];
  });
  return { status: 201, body: methodShape(created, false) };
}

/** GetMethod, with its integration as `methodIntegration`. */
export async function getMethodOp(
  ctx: EmulatorContext,
  call: AwsCall,
  apiId: string,
  resourceId: string,
  httpMethod: string,
): Promise<AwsReply> {
  const api = getApi(ctx.store.read(), ctx, call.region, apiId);
  return { status: 200, body: methodShape(getMethod(getResource(api, resourceId), httpMethod)) };
}

/** DeleteMethod (204). */
export async function deleteMethod(
  ctx: EmulatorContext,
  call: AwsCall,
  apiId: string,
  resourceId: string,
  httpMethod: string,
): Promise<AwsReply> {
  await ctx.store.mutate((draft) => {
    const resource = getResource(getApiDraft(draft, ctx, call.region, apiId), resourceId);
    getMethod(resource, httpMethod);
    delete resource.methods[httpMethod.toUpperCase()];
  });
  return { status: 204 };
}

const PutIntegrationSchema = z.strictObject({
  type: z.enum(["HTTP", "AWS", "MOCK", "HTTP_PROXY", "AWS_PROXY"]),
  httpMethod: z.string().optional(),
  uri: z.string().optional(),
  credentials: z.string().optional(),
  connectionType: z.enum(["INTERNET", "VPC_LINK"]).optional(),
  connectionId: z.string().optional(),
  requestParameters: StringMap.optional(),
  requestTemplates: StringMap.optional(),
  passthroughBehavior: z.enum(["WHEN_NO_MATCH", "WHEN_NO_TEMPLATES", "NEVER"]).optional(),
  cacheNamespace: z.string().optional(),
  cacheKeyParameters: z.array(z.string()).optional(),
  contentHandling: z.enum(["CONVERT_TO_BINARY", "CONVERT_TO_TEXT"]).optional(),
  timeoutInMillis: z.number().int().optional(),
  tlsConfig: z.strictObject({ insecureSkipVerification: z.boolean().optional() }).optional(),
  responseTransferMode: z.enum(TRANSFER_MODES).optional(),
  integrationTarget: z.string().optional(),
});

/**
 * Lambda (proxy) integration URI: Invoke (docs/aws-binary-rules.md §6) or InvokeWithResponseStream
 * (docs/streaming.md §1.3).
 */
const isLambdaUri = (uri: string) => LAMBDA_INVOKE_URI_RE.test(uri) || LAMBDA_STREAM_URI_RE.test(uri);
/** Other AWS service integrations, e.g. Firehose (AWS_PROXY also allows them). */
const AWS_URI_RE = /^arn:aws:apigateway:[a-z0-9-]+:[a-z0-9-]+:(path|action)\/.+$/;

/** PutIntegration (201); creates or replaces the method's integration. */
export async function putIntegration(
  ctx: EmulatorContext,
  call: AwsCall,
  apiId: string,
  resourceId: string,
  httpMethod: string,
): Promise<AwsReply> {
  const input = validateInput(PutIntegrationSchema, jsonBody(call), "putIntegrationInput");
  const timeout = input.timeoutInMillis ?? DEFAULT_INTEGRATION_TIMEOUT_MS;
  if (input.type !== "MOCK") {
    if (!input.httpMethod) throw badRequest("Enumeration value for HttpMethod must be non-empty");
    if (!HTTP_METHODS.includes(input.httpMethod.toUpperCase())) {
      throw badRequest(`Invalid HttpMethod specified. Valid options are ${HTTP_METHODS.join(",")}`);
    }
    if (!input.uri) throw badRequest("Invalid integration URI specified");
  }
  if (input.type === "AWS_PROXY") {
    if (!isLambdaUri(input.uri!) && !/:firehose:/.test(input.uri!)) {
      throw badRequest(
        "Integrations of type 'AWS_PROXY' currently only supports Lambda function and Firehose stream invocations.",
      );
    }
    // Lambda is invoked with POST whatever the method's verb; AWS lets a GET here pass and the stage then
    // fails at run time, which is the classic mistake this tool explains — so it is refused up front.
    if (isLambdaUri(input.uri!) && input.httpMethod!.toUpperCase() !== "POST") {
      throw badRequest("Lambda proxy integrations must use integrationHttpMethod POST (Lambda's Invoke API is a POST)");
    }
  }
  if (input.type === "AWS" && !AWS_URI_RE.test(input.uri!))
    throw badRequest("AWS ARN for integration must contain path or action");
  if ((input.type === "HTTP" || input.type === "HTTP_PROXY") && !/^https?:\/\/[^\s]+$/.test(input.uri!)) {
    throw badRequest("Invalid HTTP endpoint specified for URI");
  }
  // Mode, Lambda URI and timeout (50..29000 ms, or ..900000 with STREAM) only make sense together.
  checkTransferMode({
    type: input.type,
    uri: input.uri,
    responseTransferMode: input.responseTransferMode,
    timeoutInMillis: timeout,
  });
  const created = await ctx.store.mutate((draft) => {
    const resource = getResource(getApiDraft(draft, ctx, call.region, apiId), resourceId);
    const method = getMethod(resource, httpMethod);
    const record: IntegrationRecord = {
      type: input.type,
      httpMethod: input.type === "MOCK" ? undefined : input.httpMethod!.toUpperCase(),
      uri: input.uri,
      credentials: input.credentials,
      connectionType: input.connectionType ?? "INTERNET",
      requestParameters: input.requestParameters,
      requestTemplates: input.requestTemplates,
      passthroughBehavior: input.passthroughBehavior ?? "WHEN_NO_MATCH",
      contentHandling: input.contentHandling,
      timeoutInMillis: timeout,
      responseTransferMode: input.responseTransferMode ?? "BUFFERED",
      cacheNamespace: input.cacheNamespace ?? resourceId,
      cacheKeyParameters: input.cacheKeyParameters ?? [],
    };
    method.integration = JSON.parse(JSON.stringify(record)) as IntegrationRecord;
    return method.integration;
  });
  return { status: 201, body: integrationShape(created) };
}

/** GetIntegration; a method without one answers 404 "Invalid Integration identifier specified". */
export async function getIntegration(
  ctx: EmulatorContext,
  call: AwsCall,
  apiId: string,
  resourceId: string,
  httpMethod: string,
): Promise<AwsReply> {
  const api = getApi(ctx.store.read(), ctx, call.region, apiId);
  const integration = getMethod(getResource(api, resourceId), httpMethod).integration;
  if (!integration) throw notFound("Invalid Integration identifier specified");
  return { status: 200, body: integrationShape(integration) };
}

/** DeleteIntegration (204). */
export async function deleteIntegration(
  ctx: EmulatorContext,
  call: AwsCall,
  apiId: string,
  resourceId: string,
  httpMethod: string,
): Promise<AwsReply> {
  await ctx.store.mutate((draft) => {
    const method = getMethod(getResource(getApiDraft(draft, ctx, call.region, apiId), resourceId), httpMethod);
    if (!method.integration) throw notFound("Invalid Integration identifier specified");
    delete method.integration;
  });
  return { status: 204 };
}
