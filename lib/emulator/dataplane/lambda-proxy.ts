/**
 * The steps of a Lambda proxy integration (AWS_PROXY): authorize → buildEvent, then a response transfer.
 * The buffered transfer is invoke → convert → write. Every binary decision (request body → event, result →
 * response bytes) is lib/binary's; these steps enforce AWS's limits and permission and move bytes.
 */
import type { IncomingMessage } from "node:http";
import type { ExecuteApiTarget, ProxyInvokeOutcome, Runtime } from "../contracts";
import type { IntegrationRecord } from "../model";
import {
  DEFAULT_INTEGRATION_TIMEOUT_MS,
  envelopeToResponse,
  LAMBDA_REQUEST_LIMIT_BYTES,
  LAMBDA_RESPONSE_LIMIT_BYTES,
  type ProxyResponse,
  requestBodyToEvent,
  safeDecodeURIComponent,
} from "../../binary";
import { buildProxyEvent } from "./event";
import { ApiConfigurationError, IntegrationFailure, IntegrationTimeout, RequestTooLarge } from "./gateway-responses";
import type { Authorized, Evented, Routed } from "./invocation";
import { apiGatewayMayInvoke, executeApiSourceArn } from "./permission";
import { writeResponse } from "./write";

/**
 * Lambda proxy integration URI → function region and ARN: Invoke's (docs/aws-binary-rules.md §6) or
 * InvokeWithResponseStream's (docs/streaming.md §1.3); the control plane pairs each with its transfer mode.
 */
const LAMBDA_URI_RE = new RegExp(
  "^arn:aws:apigateway:([a-z0-9-]+):lambda:path/" +
    "(?:2015-03-31/functions/(.+)/invocations|2021-11-15/functions/(.+)/response-streaming-invocations)$",
);
const FUNCTION_ARN_RE = /^arn:aws:lambda:([a-z0-9-]+):(\d{12}):function:([A-Za-z0-9_-]+)(?::[A-Za-z0-9$_-]+)?$/;

/** How long after API Gateway's integration timeout the runtime may still kill the worker. */
const RUNTIME_GRACE_MS = 250;

/**
 * How the Lambda's answer reaches the client once the event is built. BUFFERED is invoke → convert → write.
 * STREAM (stream.ts, docs/streaming.md) invokes with response streaming, writes the prelude's status and headers
 * with `writeHeadOnce`, then hands the payload to `forwardChunks` (write.ts), which pulls the next chunk only
 * after 'drain', so a slow client holds back the Lambda.
 */
export type ResponseTransfer = (inv: Evented) => Promise<void>;

/**
 * Finds the function and checks that it lets API Gateway invoke it. A missing function is an integration
 * failure (502, docs/aws-binary-rules.md §10); a refusing resource policy is a configuration error (500, §7).
 */
export function authorize(inv: Routed): Authorized {
  const ref = resolveFunction(inv.integration, inv.stage.variables);
  const fn = ref ? inv.ctx.store.read().regions[ref.region]?.functions[ref.name] : undefined;
  if (!ref || !fn) throw new IntegrationFailure(`no function for ${inv.integration.uri ?? "a method without a URI"}`);
  const { region, ctx, api, stage, httpMethod, resource } = inv;
  const account = ctx.config.accountId;
  const sourceArn = executeApiSourceArn(region, account, api.id, stage.stageName, httpMethod, resource.path);
  // An integration with its own credentials (an IAM role) needs no resource policy; otherwise it must allow us.
  if (!inv.integration.credentials && !apiGatewayMayInvoke(fn.policy, sourceArn, account)) {
    throw new ApiConfigurationError(`${fn.name}'s resource policy does not allow ${sourceArn}`);
  }
  return { ...inv, fn, fnRegion: ref.region };
}

/** Builds the proxy event; it must fit Lambda's 6 MB request payload (docs/aws-binary-rules.md §8, Q10). */
export function buildEvent(inv: Authorized): Evented {
  const { req, target, stage, deployment, api, snapshot, body, ids } = inv;
  const contentType = req.headers["content-type"];
  const eventBody = requestBodyToEvent(body.length > 0 ? body : null, contentType, snapshot.binaryMediaTypes);
  const event = buildProxyEvent({
    httpMethod: inv.httpMethod,
    rawPath: target.path,
    rawQuery: target.query,
    rawHeaders: req.rawHeaders,
    resourcePath: inv.resource.path,
    resourceId: inv.resource.id,
    pathParameters: inv.pathParameters,
    stageVariables: stage.variables,
    stage: stage.stageName,
    deploymentId: deployment.id,
    apiId: api.id,
    accountId: inv.ctx.config.accountId,
    domainName: domainNameOf(req, target),
    sourceIp: sourceIpOf(req),
    requestId: ids.requestId,
    extendedRequestId: ids.apigwId,
    now: new Date(),
    body: eventBody.body,
    isBase64Encoded: eventBody.isBase64Encoded,
  });
  const payload = Buffer.from(JSON.stringify(event));
  if (payload.length > LAMBDA_REQUEST_LIMIT_BYTES) throw new RequestTooLarge(`event of ${payload.length} bytes`);
  return { ...inv, payload };
}

/** The buffered transfer: the whole result, converted by lib/binary, written in one go. */
export const bufferedTransfer: ResponseTransfer = async (inv) => {
  const outcome = await invoke(inv);
  const response = convert(inv, outcome);
  // The body may sit in one of the runtime's reused buffers: it goes back only once Node handed the response to
  // the kernel ('finish'). On any other end (client gone, write error) it is left to the GC, never reused early.
  if (outcome.release) inv.res.once("finish", outcome.release);
  writeResponse(inv.res, inv.ids, response.statusCode, response.headers, response.body);
};

type Answered = Exclude<ProxyInvokeOutcome, { kind: "function-error" }>;

/**
 * Invokes with API Gateway's integration timeout: at the deadline the client gets 504 whatever the runtime
 * does. The runtime's own cap sits a little later, so the client reliably gets API Gateway's 504 (not a 502
 * for the worker the runtime kills) and the worker is still reclaimed (docs/aws-binary-rules.md §8, R31).
 */
export async function invoke(inv: Evented): Promise<Answered> {
  const { integration, fn, fnRegion, payload, ids, snapshot } = inv;
  const timeoutMs = integration.timeoutInMillis > 0 ? integration.timeoutInMillis : DEFAULT_INTEGRATION_TIMEOUT_MS;
  const started = Date.now();
  // Node workers run lib/binary's conversion themselves, where the body is still a string (a cheap decode),
  // and send the final response; this process then only writes it. Python workers answer "ok" (split result).
  const proxyConversion = { accept: inv.req.headers.accept ?? null, binaryMediaTypes: snapshot.binaryMediaTypes };
  const deadlineMs = timeoutMs + RUNTIME_GRACE_MS;
  const request = { fn, region: fnRegion, payload, requestId: ids.requestId, deadlineMs, proxyConversion };
  const outcome = await withDeadline(inv.ctx.runtime, request, timeoutMs);
  if (outcome === "timeout") throw new IntegrationTimeout(`no answer within ${timeoutMs} ms`);
  if (outcome === "failed") throw new IntegrationFailure("the runtime failed to invoke the function");
  if (outcome.kind === "function-error") {
    if (Date.now() - started >= timeoutMs) throw new IntegrationTimeout(`${outcome.errorType} after the timeout`);
    throw new IntegrationFailure(`the function failed: ${outcome.errorType}`);
  }
  // Lambda's own 6,291,556-byte response limit fails the integration (R30), whoever converted.
  if (outcome.resultJsonBytes > LAMBDA_RESPONSE_LIMIT_BYTES) {
    throw new IntegrationFailure(`result of ${outcome.resultJsonBytes} bytes`);
  }
  return outcome;
}

/** The client response for a result: the worker's conversion, or lib/binary's here for a split result. */
export function convert(inv: Evented, outcome: Answered): ProxyResponse {
  if (outcome.kind === "response") return outcome.response;
  return envelopeToResponse(outcome.envelope, outcome.body, inv.req.headers.accept, inv.snapshot.binaryMediaTypes);
}

/** Integration URI → the Lambda function's region and name; `${stageVariables.x}` is substituted first. */
export function resolveFunction(
  integration: IntegrationRecord,
  variables: Record<string, string>,
): { region: string; name: string } | null {
  if (!integration.uri) return null;
  const uri = integration.uri.replace(/\$\{stageVariables\.([A-Za-z0-9_]+)\}/g, (_, n: string) => variables[n] ?? "");
  const m = LAMBDA_URI_RE.exec(uri);
  if (!m) return null;
  const arn = FUNCTION_ARN_RE.exec(safeDecodeURIComponent(m[2] ?? m[3]));
  return arn ? { region: arn[1], name: arn[3] } : null;
}

function withDeadline(
  runtime: Runtime,
  req: Parameters<Runtime["invokeProxy"]>[0],
  timeoutMs: number,
): Promise<ProxyInvokeOutcome | "timeout" | "failed"> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve("timeout"), timeoutMs);
    runtime.invokeProxy(req).then(
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
