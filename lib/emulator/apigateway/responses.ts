/**
 * Method responses, integration responses and UpdateIntegration: what a MOCK integration (CORS preflight,
 * docs/aws-binary-rules.md §10 R32/R33) needs, and how `contentHandling` is set on an existing integration.
 */
import { z } from "zod";
import type { AwsCall, AwsReply, EmulatorContext } from "../contracts";
import { badRequest } from "../errors";
import type { IntegrationRecord, IntegrationResponseRecord, MethodRecord, MethodResponseRecord } from "../model";
import { DEFAULT_INTEGRATION_TIMEOUT_MS, unescapePatchPathSegment } from "../../binary";
import {
  getApi,
  getApiDraft,
  getMethod,
  getResource,
  invalidPatchOp,
  invalidPatchPath,
  jsonBody,
  notFound,
  own,
  patchOperations,
  StringMap,
  validateInput,
  type PatchOperation,
} from "./common";
import { integrationShape } from "./shapes";
import { checkTransferMode } from "./transfer-mode";

const STATUS_RE = /^[1-5]\d\d$/;
function checkStatus(code: string): string {
  if (!STATUS_RE.test(code)) throw badRequest("Invalid status code specified");
  return code;
}

const defined = <T extends object>(o: T): T => JSON.parse(JSON.stringify(o)) as T;
const integrationOf = (m: MethodRecord): IntegrationRecord => {
  if (!m.integration) throw notFound("Invalid Integration identifier specified");
  return m.integration;
};

const PutMethodResponseSchema = z.strictObject({
  responseParameters: z.record(z.string(), z.boolean()).optional(),
  responseModels: StringMap.optional(),
});

/** PutMethodResponse (201). */
export async function putMethodResponse(
  ctx: EmulatorContext,
  call: AwsCall,
  apiId: string,
  resourceId: string,
  httpMethod: string,
  statusCode: string,
): Promise<AwsReply> {
  checkStatus(statusCode);
  const input = validateInput(PutMethodResponseSchema, jsonBody(call), "putMethodResponseInput");
  const created = await ctx.store.mutate((draft) => {
    const method = getMethod(getResource(getApiDraft(draft, ctx, call.region, apiId), resourceId), httpMethod);
    const record: MethodResponseRecord = defined({
      statusCode,
      responseParameters: input.responseParameters,
      responseModels: input.responseModels,
    });
    method.methodResponses = { ...(method.methodResponses ?? {}), [statusCode]: record };
    return record;
  });
  return { status: 201, body: created };
}

/** GetMethodResponse. */
export async function getMethodResponse(
  ctx: EmulatorContext,
  call: AwsCall,
  apiId: string,
  resourceId: string,
  httpMethod: string,
  statusCode: string,
): Promise<AwsReply> {
  const method = getMethod(getResource(getApi(ctx.store.read(), ctx, call.region, apiId), resourceId), httpMethod);
  const r = own(method.methodResponses ?? {}, statusCode);
  if (!r) throw notFound("Invalid Response status code specified");
  return { status: 200, body: r };
}

/** DeleteMethodResponse (204). */
export async function deleteMethodResponse(
  ctx: EmulatorContext,
  call: AwsCall,
  apiId: string,
  resourceId: string,
  httpMethod: string,
  statusCode: string,
): Promise<AwsReply> {
  await ctx.store.mutate((draft) => {
    const method = getMethod(getResource(getApiDraft(draft, ctx, call.region, apiId), resourceId), httpMethod);
    if (!own(method.methodResponses ?? {}, statusCode)) throw notFound("Invalid Response status code specified");
    delete method.methodResponses![statusCode];
  });
  return { status: 204 };
}

const PutIntegrationResponseSchema = z.strictObject({
  selectionPattern: z.string().optional(),
  responseParameters: StringMap.optional(),
  responseTemplates: StringMap.optional(),
  contentHandling: z.enum(["CONVERT_TO_BINARY", "CONVERT_TO_TEXT"]).optional(),
});

/** PutIntegrationResponse (201); the integration must exist. */
export async function putIntegrationResponse(
  ctx: EmulatorContext,
  call: AwsCall,
  apiId: string,
  resourceId: string,
  httpMethod: string,
  statusCode: string,
): Promise<AwsReply> {
  checkStatus(statusCode);
  const input = validateInput(PutIntegrationResponseSchema, jsonBody(call), "putIntegrationResponseInput");
  const created = await ctx.store.mutate((draft) => {
    const integration = integrationOf(
      getMethod(getResource(getApiDraft(draft, ctx, call.region, apiId), resourceId), httpMethod),
    );
    const record: IntegrationResponseRecord = defined({ statusCode, ...input });
    integration.integrationResponses = { ...(integration.integrationResponses ?? {}), [statusCode]: record };
    return record;
  });
  return { status: 201, body: created };
}

/** GetIntegrationResponse. */
export async function getIntegrationResponse(
  ctx: EmulatorContext,
  call: AwsCall,
  apiId: string,
  resourceId: string,
  httpMethod: string,
  statusCode: string,
): Promise<AwsReply> {
  const integration = integrationOf(
    getMethod(getResource(getApi(ctx.store.read(), ctx, call.region, apiId), resourceId), httpMethod),
  );
  const r = own(integration.integrationResponses ?? {}, statusCode);
  if (!r) throw notFound("Invalid Response status code specified");
  return { status: 200, body: r };
}

/** DeleteIntegrationResponse (204). */
export async function deleteIntegrationResponse(
  ctx: EmulatorContext,
  call: AwsCall,
  apiId: string,
  resourceId: string,
  httpMethod: string,
  statusCode: string,
): Promise<AwsReply> {
  await ctx.store.mutate((draft) => {
    const integration = integrationOf(
      getMethod(getResource(getApiDraft(draft, ctx, call.region, apiId), resourceId), httpMethod),
    );
    if (!own(integration.integrationResponses ?? {}, statusCode))
      throw notFound("Invalid Response status code specified");
    delete integration.integrationResponses![statusCode];
  });
  return { status: 204 };
}

/**
 * UpdateIntegration: /contentHandling, /timeoutInMillis, /uri, /httpMethod, /passthroughBehavior, /responseTransferMode,
 * /requestTemplates/{type}. Mode, URI and timeout are checked once, on the patched result (docs/streaming.md §1.6).
 */
export async function updateIntegration(
  ctx: EmulatorContext,
  call: AwsCall,
  apiId: string,
  resourceId: string,
  httpMethod: string,
): Promise<AwsReply> {
  const ops = patchOperations(call, "updateIntegrationInput");
  const updated = await ctx.store.mutate((draft) => {
    const integration = integrationOf(
      getMethod(getResource(getApiDraft(draft, ctx, call.region, apiId), resourceId), httpMethod),
    );
    for (const op of ops) applyIntegrationPatch(integration, op);
    checkTransferMode(integration);
    return structuredClone(integration);
  });
  return { status: 200, body: integrationShape(updated) };
}

function applyIntegrationPatch(i: IntegrationRecord, op: PatchOperation): void {
  if (op.path.startsWith("/requestTemplates/")) {
    // The content type is ~1-escaped in the path like a binary media type (docs/aws-binary-rules.md §6.1 escaping).
    const type = unescapePatchPathSegment(op.path.slice("/requestTemplates/".length));
    if (op.op === "remove") {
      if (i.requestTemplates) delete i.requestTemplates[type];
      return;
    }
    if (op.op !== "add" && op.op !== "replace") throw invalidPatchOp(op.op, ["add", "remove", "replace"]);
    i.requestTemplates = { ...(i.requestTemplates ?? {}), [type]: op.value ?? "" };
    return;
  }
  switch (op.path) {
    case "/contentHandling":
      if (op.op === "remove" || (op.op === "replace" && !op.value)) {
        delete i.contentHandling;
        return;
      }
      if (op.op !== "replace" && op.op !== "add") throw invalidPatchOp(op.op, ["add", "remove", "replace"]);
      if (op.value !== "CONVERT_TO_BINARY" && op.value !== "CONVERT_TO_TEXT") {
        throw badRequest(
          `Invalid content handling specified: ${op.value}. Valid values are CONVERT_TO_BINARY, CONVERT_TO_TEXT`,
        );
      }
      i.contentHandling = op.value;
      return;
    case "/timeoutInMillis": {
      if (op.op !== "replace") throw invalidPatchOp(op.op, ["replace"]);
      const n = Number(op.value);
      // The range depends on the final mode: checkTransferMode applies it after every op.
      if (!Number.isInteger(n))
        throw badRequest(`Timeout should be between 50 ms and ${DEFAULT_INTEGRATION_TIMEOUT_MS} ms`);
      i.timeoutInMillis = n;
      return;
    }
    case "/responseTransferMode":
      if (op.op !== "replace") throw invalidPatchOp(op.op, ["replace"]);
      if (op.value !== "BUFFERED" && op.value !== "STREAM") {
        throw badRequest(
          `Invalid response transfer mode specified: ${op.value ?? "null"}. Valid values are BUFFERED, STREAM`,
        );
      }
      i.responseTransferMode = op.value;
      return;
    case "/uri":
    case "/httpMethod":
    case "/passthroughBehavior": {
      if (op.op !== "replace") throw invalidPatchOp(op.op, ["replace"]);
      if (!op.value) throw badRequest(`Invalid null or empty value in replace operation for ${op.path}`);
      const key = op.path.slice(1) as "uri" | "httpMethod" | "passthroughBehavior";
      i[key] = key === "uri" ? op.value : op.value.toUpperCase();
      return;
    }
    default:
      throw invalidPatchPath(op.path);
  }
}
