/**
 * The data plane: stage invocation (execute-api) through Lambda proxy integrations (spec §1, §2, §8–§11).
 * Every binary decision (request body → event, result → response bytes, AWS's error bodies) is made by
 * lib/binary; this file only routes, enforces AWS's limits and permission, invokes, and writes bytes.
 *
 * Choices where AWS gives no answer to copy:
 *  - The host style has no region, so an API id is looked up in every region (ids are random and unique;
 *    the first region holding it wins).
 *  - An unknown stage answers 403 {"message":"Forbidden"}, as AWS does. An unknown API id gets the same
 *    answer: on AWS such a host name usually does not resolve at all, and 403 Forbidden is what the shared
 *    execute-api front end sends for a name it does not serve — the closest HTTP-level equivalent.
 *  - Integrations other than AWS_PROXY and MOCK answer 500 (not emulated).
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { EmulatorContext, ExecuteApiTarget, ProxyInvokeOutcome } from "../contracts";
import type { IntegrationRecord, RestApiRecord, StageRecord } from "../model";
import { BodyTooLargeError, ClientGoneError, readBody } from "../http";
import { newRequestId } from "../ids";
import {
  awsGatewayError,
  DEFAULT_INTEGRATION_TIMEOUT_MS,
  envelopeToResponse,
  LAMBDA_REQUEST_LIMIT_BYTES,
  LAMBDA_RESPONSE_LIMIT_BYTES,
  REQUEST_BODY_LIMIT_BYTES,
  requestBodyToEvent,
} from "../../binary";
import { parseExecuteApiAddress } from "./address";
import { buildProxyEvent, newExtendedRequestId } from "./event";
import { apiGatewayMayInvoke, executeApiSourceArn } from "./permission";
import { routeRequest } from "./routing";
import { handleMock } from "./mock";

export { parseExecuteApiAddress } from "./address";
export { routeRequest } from "./routing";
export { apiGatewayMayInvoke, executeApiSourceArn, wildcardMatch } from "./permission";

/** Which stage an execute-api request addresses, or null when it is not one (by host or by path). */
export function matchExecuteApi(req: IncomingMessage, url: URL): ExecuteApiTarget | null {
  return parseExecuteApiAddress(req.headers.host, req.url ?? url.pathname + url.search);
}

/** AWS's CloudFront answer to an oversize request (spec §8, Q9): plain text, odd content type included. */
const TOO_LARGE_TEXT = Buffer.from(`HTTP content length exceeded ${REQUEST_BODY_LIMIT_BYTES} bytes.`);

/** Lambda proxy integration URI → function region and ARN (spec §6). */
const LAMBDA_URI_RE = /^arn:aws:apigateway:([a-z0-9-]+):lambda:path\/2015-03-31\/functions\/(.+)\/invocations$/;
const FUNCTION_ARN_RE = /^arn:aws:lambda:([a-z0-9-]+):(\d{12}):function:([A-Za-z0-9_-]+)(?::[A-Za-z0-9$_-]+)?$/;

/** How long after API Gateway's integration timeout the runtime may still kill the worker. */
const RUNTIME_GRACE_MS = 250;

interface RequestInfo {
  requestId: string;
  apigwId: string;
  traceId: string;
}

/** Serves one stage invocation. Never throws: every failure becomes AWS's answer for it. */
export async function handleExecuteApi(ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse, target: ExecuteApiTarget): Promise<void> {
  ctx.metrics.count("execute-api", "Invoke");
  const info: RequestInfo = { requestId: newRequestId(), apigwId: newExtendedRequestId(), traceId: newTraceId() };
  try {
    await serve(ctx, req, res, target, info);
  } catch (err) {
    // A bug here must not take the emulator down: answer like AWS's own internal failure.
    if (!res.headersSent) sendGatewayError(res, info, 500, "Internal server error", "InternalServerErrorException");
    else res.destroy(err instanceof Error ? err : undefined);
  }
}

async function serve(ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse, target: ExecuteApiTarget, info: RequestInfo): Promise<void> {
  // The edge refuses an oversize body before anything else, without reading it (spec §8, Q9).
  // readBody refuses on Content-Length before reading, and stops a chunked body once it passes the cap.
  let body: Buffer;
  try {
    body = await readBody(req, REQUEST_BODY_LIMIT_BYTES);
  } catch (err) {
    if (err instanceof BodyTooLargeError) return sendTooLarge(res, info);
    if (err instanceof ClientGoneError) return void res.destroy(); // nobody left to answer
    throw err;
  }

  const found = findApi(ctx, target.apiId);
  if (!found) return sendGatewayError(res, info, 403, "Forbidden", "ForbiddenException");
  const { region, api } = found;
  const stage: StageRecord | undefined = Object.hasOwn(api.stages, target.stage) ? api.stages[target.stage] : undefined;
  const deployment = stage && Object.hasOwn(api.deployments, stage.deploymentId) ? api.deployments[stage.deploymentId] : undefined;
  if (!stage || !deployment) return sendGatewayError(res, info, 403, "Forbidden", "ForbiddenException");
  const snapshot = deployment.snapshot;

  const httpMethod = (req.method ?? "GET").toUpperCase();
  const route = routeRequest(snapshot, httpMethod, target.path);
  if (!route.ok) return sendGatewayError(res, info, 403, "Missing Authentication Token", "MissingAuthenticationTokenException");
  const { resource, method, pathParameters } = route.match;
  const integration = method.integration;
  if (!integration) return sendGatewayError(res, info, 500, "Internal server error", "InternalServerErrorException");

  if (integration.type === "MOCK") {
    const mock = handleMock(integration, snapshot.binaryMediaTypes, req.headers["content-type"]);
    return sendProxyResponse(res, info, mock.statusCode, mock.headers, mock.body);
  }
  if (integration.type !== "AWS_PROXY") {
    // Only Lambda proxy integrations are emulated (the product's subject); say so rather than guess.
    return sendGatewayError(res, info, 500, "Internal server error", "InternalServerErrorException");
  }

  const fnRef = resolveFunction(integration, stage.variables);
  const fn = fnRef ? ctx.store.read().regions[fnRef.region]?.functions[fnRef.name] : undefined;
  // A missing function is an integration failure: AWS answers 502 (spec §10).
  if (!fnRef || !fn) return sendGatewayError(res, info, 502, "Internal server error");

  const sourceArn = executeApiSourceArn(region, ctx.config.accountId, api.id, stage.stageName, httpMethod, resource.path);
  // An integration with its own credentials (an IAM role) needs no resource policy; otherwise it must allow us.
  if (!integration.credentials && !apiGatewayMayInvoke(fn.policy, sourceArn, ctx.config.accountId)) {
    return sendGatewayError(res, info, 500, "Internal server error", "InternalServerErrorException");
  }

  const eventBody = requestBodyToEvent(body.length > 0 ? body : null, req.headers["content-type"], snapshot.binaryMediaTypes);
  const event = buildProxyEvent({
    httpMethod,
    rawPath: target.path,
    rawQuery: target.query,
    rawHeaders: req.rawHeaders,
    resourcePath: resource.path,
    resourceId: resource.id,
    pathParameters,
    stageVariables: stage.variables,
    stage: stage.stageName,
    deploymentId: deployment.id,
    apiId: api.id,
    accountId: ctx.config.accountId,
    domainName: domainNameOf(req, target),
    sourceIp: sourceIpOf(req),
    requestId: info.requestId,
    extendedRequestId: info.apigwId,
    now: new Date(),
    body: eventBody.body,
    isBase64Encoded: eventBody.isBase64Encoded,
  });
  const payload = Buffer.from(JSON.stringify(event));
  // The event must fit Lambda's 6 MB request payload (spec §8, Q10).
  if (payload.length > LAMBDA_REQUEST_LIMIT_BYTES) {
    return sendGatewayError(res, info, 413, "Request Too Long", "BadRequestException");
  }

  const timeoutMs = integration.timeoutInMillis > 0 ? integration.timeoutInMillis : DEFAULT_INTEGRATION_TIMEOUT_MS;
  // The runtime's cap sits a little past ours, so the client reliably gets API Gateway's 504 (not a 502 for
  // the worker the runtime kills) and the worker is still reclaimed (spec §8, R31).
  const started = Date.now();
  const accept = req.headers.accept;
  // Node workers run lib/binary's conversion themselves, where the body is still a string (a cheap decode),
  // and send the final response; this process then only writes it. Python workers answer "ok" (split result).
  const proxyConversion = { accept: accept ?? null, binaryMediaTypes: snapshot.binaryMediaTypes };
  const outcome = await invokeWithDeadline(
    ctx,
    { fn, region: fnRef.region, payload, requestId: info.requestId, deadlineMs: timeoutMs + RUNTIME_GRACE_MS, proxyConversion },
    timeoutMs,
  );
  if (outcome === "timeout" || (outcome !== "failed" && outcome.kind === "function-error" && Date.now() - started >= timeoutMs)) {
    return sendGatewayError(res, info, 504, "Endpoint request timed out");
  }
  if (outcome === "failed" || outcome.kind === "function-error") return sendGatewayError(res, info, 502, "Internal server error");
  // Lambda's own 6,291,556-byte response limit fails the integration (spec §8, R30), whoever converted.
  if (outcome.resultJsonBytes > LAMBDA_RESPONSE_LIMIT_BYTES) return sendGatewayError(res, info, 502, "Internal server error");

  const response = outcome.kind === "response" ? outcome.response : envelopeToResponse(outcome.envelope, outcome.body, accept, snapshot.binaryMediaTypes);
  // The body may sit in one of the runtime's reused buffers: it goes back only once Node handed the response to
  // the kernel ('finish'). On any other end (client gone, write error) it is left to the GC, never reused early.
  const release = outcome.release;
  if (release) res.once("finish", release);
  sendProxyResponse(res, info, response.statusCode, response.headers, response.body);
}

/** Finds a REST API by id in any region (the host-style URL carries no region). */
function findApi(ctx: EmulatorContext, apiId: string): { region: string; api: RestApiRecord } | null {
  const regions = ctx.store.read().regions;
  for (const region of Object.keys(regions)) {
    const apis = regions[region].restApis;
    if (Object.hasOwn(apis, apiId)) return { region, api: apis[apiId] };
  }
  return null;
}

/** Integration URI → the Lambda function's region and name; `${stageVariables.x}` is substituted first. */
function resolveFunction(integration: IntegrationRecord, variables: Record<string, string>): { region: string; name: string } | null {
  if (!integration.uri) return null;
  const uri = integration.uri.replace(/\$\{stageVariables\.([A-Za-z0-9_]+)\}/g, (_, n: string) => variables[n] ?? "");
  const m = LAMBDA_URI_RE.exec(uri);
  if (!m) return null;
  const arn = FUNCTION_ARN_RE.exec(decodeURIComponentSafe(m[2]));
  return arn ? { region: arn[1], name: arn[3] } : null;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

type Invoked = ProxyInvokeOutcome | "timeout" | "failed";

/** Invokes with API Gateway's integration timeout: at the deadline the client gets 504 whatever the runtime does. */
function invokeWithDeadline(ctx: EmulatorContext, req: Parameters<EmulatorContext["runtime"]["invokeProxy"]>[0], timeoutMs: number): Promise<Invoked> {
  return new Promise<Invoked>((resolve) => {
    const timer = setTimeout(() => resolve("timeout"), timeoutMs);
    ctx.runtime.invokeProxy(req).then(
      (outcome) => {
        clearTimeout(timer);
        resolve(outcome);
      },
      () => {
        clearTimeout(timer);
        resolve("failed");
      },
    );
  });
}

function sourceIpOf(req: IncomingMessage): string {
  const ip = req.socket.remoteAddress ?? "127.0.0.1";
  return ip.startsWith("::ffff:") ? ip.slice(7) : ip;
}

function domainNameOf(req: IncomingMessage, target: ExecuteApiTarget): string {
  const host = req.headers.host ?? "localhost";
  // AWS's domainName is the API's own host name; the path style has none, so build the host-style one.
  if (target.style === "host") return host.replace(/:\d+$/, "");
  return `${target.apiId}.execute-api.localhost`;
}

function newTraceId(): string {
  const t = Math.floor(Date.now() / 1000).toString(16).padStart(8, "0");
  return `Root=1-${t}-${randomBytes(12).toString("hex")}`;
}

/**
 * Headers API Gateway never passes through from an integration: it renames them x-amzn-Remapped-* and
 * sends its own (AWS docs "Header mappings"). Keeping this also stops a handler breaking HTTP framing.
 */
const REMAPPED = new Set(["content-length", "connection", "date", "transfer-encoding", "server", "authorization", "www-authenticate", "x-amzn-requestid", "x-amz-apigw-id", "x-amzn-trace-id"]);

/** Writes a response in one go: status, headers (multi-value as separate lines), one res.end(buffer). */
function sendProxyResponse(res: ServerResponse, info: RequestInfo, status: number, headers: Record<string, string | string[]>, body: Uint8Array): void {
  if (res.headersSent || res.destroyed) return;
  const out: Record<string, string | string[]> = {};
  for (const name of Object.keys(headers)) {
    const lower = name.toLowerCase();
    out[REMAPPED.has(lower) ? `x-amzn-Remapped-${name}` : name] = headers[name];
  }
  out["x-amzn-RequestId"] = info.requestId;
  out["x-amz-apigw-id"] = info.apigwId;
  out["X-Amzn-Trace-Id"] = info.traceId;
  out["Content-Length"] = String(body.byteLength);
  try {
    res.writeHead(status, out);
  } catch {
    // A header value the handler made that HTTP cannot carry (e.g. a newline): the integration failed.
    return sendGatewayError(res, info, 502, "Internal server error");
  }
  res.end(body);
}

function sendGatewayError(res: ServerResponse, info: RequestInfo, status: number, message: string, errorType?: string): void {
  const e = awsGatewayError(status, message, errorType);
  sendProxyResponse(res, info, e.statusCode, e.headers as Record<string, string | string[]>, e.body as Uint8Array);
}

function sendTooLarge(res: ServerResponse, info: RequestInfo): void {
  if (res.headersSent) return;
  // We stop reading: close the connection rather than leave unread bytes in a keep-alive stream.
  res.shouldKeepAlive = false;
  res.writeHead(413, {
    "Content-Type": "text; charset=utf-8",
    "Content-Length": String(TOO_LARGE_TEXT.length),
    "x-amzn-RequestId": info.requestId,
    Connection: "close",
  });
  res.end(TOO_LARGE_TEXT);
}
