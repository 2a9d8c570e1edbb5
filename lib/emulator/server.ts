/**
 * The emulator's HTTP front door. Per request, in this order:
 *   0. Host check      — loopback names, {id}.execute-api.localhost or --allow-host, else 403 (docs/security.md promise
 *      2).
 *   1. /_binarygate/*  — admin (health, metrics, fault injection); no SigV4, like LocalStack's /_localstack/*.
 *      Refuses what a browser sends from another site (docs/security.md promise 13).
 *   2. execute-api     — stage invocations (dataplane/), unsigned, handed over with the body unread (it streams).
 *      Stage URLs serve browsers: that is their purpose.
 *   3. signed AWS call — refuses browsers from other sites and bodies of a type the operation does not take
 *      (docs/security.md promise 13); then the SigV4 scope picks the service: "apigateway" or "lambda". The body is
 *      read with a cap (API Gateway 10 MB; Lambda 69,905,067 bytes, AWS's CreateFunction request limit), the signature
 *      verified, the control plane called and its AwsReply / AwsError serialised as REST-JSON
 *      (docs/aws-binary-rules.md §6.4, §7).
 * Anything else a part throws becomes a logged 500 and the server keeps serving.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AwsCall, AwsReply, ControlPlane, EmulatorContext } from "./contracts";
import { apiGatewayControlPlane } from "./apigateway";
import { handleExecuteApi, matchExecuteApi } from "./dataplane";
import { warmReachable } from "./dataplane/warm";
import { CODE_LOCATION_PREFIX, serveCodeLocation } from "./code-location";
import { AwsError } from "./errors";
import { handleResetDemo, RESET_DEMO_PATH } from "./demo-admin";
import { addFault, clearFaults, FaultRuleSchema, listFaults } from "./faults";
import { checkBrowser, checkContentType, checkHost, type GuardVerdict } from "./guard";
import { BodyTooLargeError, ClientGoneError, readBody, sendAndClose, sendAwsError, sendJson } from "./http";
import { newRequestId } from "./ids";
import { lambdaControlPlane } from "./lambda";
import { parseSignature, verifySignature } from "./sigv4";
import { isLoopbackAddress } from "../security/loopback";

/** API Gateway's request payload limit (docs/aws-binary-rules.md §8). */
export const APIGATEWAY_BODY_LIMIT = 10 * 1024 * 1024;
/** Lambda's CreateFunction request limit: a base64 zip of up to 50 MB inside JSON. */
export const LAMBDA_BODY_LIMIT = 69_905_067;

type Service = "apigateway" | "lambda";

const planes: Record<Service, ControlPlane> = {
  apigateway: apiGatewayControlPlane,
  lambda: lambdaControlPlane,
};

/** Builds the request listener for one emulator. */
export function createRequestHandler(ctx: EmulatorContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(ctx, req, res).catch((err) => {
      console.error("[binarygate emulator] unhandled error", err);
      if (!res.headersSent) sendJson(res, 500, { message: "Internal server error" });
      else res.destroy();
    });
  };
}

async function handle(ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let url: URL;
  try {
    url = new URL(req.url ?? "/", "http://emulator.invalid");
  } catch {
    sendJson(res, 400, { message: "Invalid request URL" });
    return;
  }

  const guessed: Service = /^\/20(15|17|18|21)-/.test(url.pathname) ? "lambda" : "apigateway";
  const host = checkHost(req.headers, ctx.config);
  if (!host.ok) return refuse(ctx, req, res, guessed, host, "ForbiddenHost");

  // GetFunction's Code.Location: a presigned-URL-like GET, checked by its token (code-location.ts).
  if (url.pathname.startsWith(CODE_LOCATION_PREFIX)) return serveCodeLocation(ctx, req, res, url);
  if (url.pathname.startsWith("/_binarygate/")) return handleAdmin(ctx, req, res, url);

  const target = matchExecuteApi(req, url);
  // The data plane counts its own calls (metrics service "execute-api").
  if (target) return handleExecuteApi(ctx, req, res, target);

  const browser = checkBrowser(req.headers, ctx.config.allowOrigins);
  if (!browser.ok) return refuse(ctx, req, res, guessed, browser, "CrossSiteRequest");
  const method = (req.method ?? "GET").toUpperCase();
  // Invoke and InvokeWithResponseStream take the event as a blob (the SDK sends application/octet-stream).
  const invoke = guessed === "lambda" && method === "POST" && /\/(response-streaming-)?invocations$/.test(url.pathname);
  const typed = checkContentType(req.headers, method, invoke);
  if (!typed.ok) return refuse(ctx, req, res, guessed, typed, "UnsupportedMediaType");

  const requestId = newRequestId();
  let service: Service = guessed;
  let bodyRead = false;
  try {
    const sig = parseSignature(req, url);
    if (!sig) throw new AwsError(403, "MissingAuthenticationTokenException", "Missing Authentication Token");
    if (sig.service !== "apigateway" && sig.service !== "lambda") {
      throw new AwsError(
        404,
        "UnknownOperationException",
        `The BinaryGate emulator serves the apigateway and lambda services only; this request is signed for "${sig.service}".`,
      );
    }
    service = sig.service;

    const limit = service === "lambda" ? LAMBDA_BODY_LIMIT : APIGATEWAY_BODY_LIMIT;
    let body: Buffer;
    try {
      body = await readBody(req, limit);
      bodyRead = true;
    } catch (err) {
      if (err instanceof BodyTooLargeError) {
        ctx.metrics.error(service, "RequestEntityTooLargeException");
        sendAndClose(res, () => tooLarge(res, service, requestId, url));
        return;
      }
      throw err;
    }

    verifySignature(sig, req, url, body, {
      accessKeyId: ctx.config.accessKeyId,
      secretAccessKey: ctx.config.secretAccessKey,
    });

    const call: AwsCall = {
      service,
      region: sig.region,
      accessKeyId: sig.accessKeyId,
      method: (req.method ?? "GET").toUpperCase(),
      url,
      headers: req.headers,
      body,
      requestId,
    };
    const reply = await planes[service](ctx, call);
    if (isStream(reply.body)) await sendStream(res, reply, reply.body, requestId);
    else sendReply(res, reply, requestId);
    // A deployment or a changed function may make a function reachable (again) with no worker: start one now.
    if (call.method !== "GET") warmReachable(ctx);
  } catch (err) {
    if (err instanceof AwsError) {
      ctx.metrics.error(service, err.type);
      // Lambda errors carry a Type member (docs/aws-binary-rules.md §7); the service's own AwsErrors already set it.
      // An unread body (e.g. refused before reading) must not be parsed as the next request: close after.
      const unread =
        !bodyRead && (Number(req.headers["content-length"] ?? 0) > 0 || req.headers["transfer-encoding"] !== undefined);
      if (unread) sendAndClose(res, () => sendAwsError(res, err, requestId));
      else sendAwsError(res, err, requestId);
      return;
    }
    if (err instanceof ClientGoneError) {
      res.destroy();
      return;
    }
    console.error(`[binarygate emulator] ${service} ${req.method} ${url.pathname} failed (request ${requestId})`, err);
    ctx.metrics.error(service, "InternalFailure");
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const message = `The emulator failed to handle this request (request id ${requestId}); see its log.`;
    sendAwsError(
      res,
      service === "lambda"
        ? new AwsError(500, "ServiceException", message, { extra: { Type: "Service" }, messageKey: "Message" })
        : new AwsError(500, "InternalFailure", message),
      requestId,
    );
  }
}

/** A refusal made before any handler ran, in the service's AWS error shape; an unread body is dropped. */
function refuse(
  ctx: EmulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
  service: Service | "binarygate",
  verdict: Exclude<GuardVerdict, { ok: true }>,
  kind: "ForbiddenHost" | "CrossSiteRequest" | "UnsupportedMediaType",
): void {
  const media = kind === "UnsupportedMediaType";
  const status = media ? 415 : 403;
  // Lambda models UnsupportedMediaTypeException (415); API Gateway has no such code, so both get the same one.
  const type = media ? "UnsupportedMediaTypeException" : "AccessDeniedException";
  const err =
    service === "lambda"
      ? new AwsError(status, type, verdict.message, { extra: { Type: "User" }, messageKey: "Message" })
      : new AwsError(status, type, verdict.message);
  ctx.metrics.error(service, kind);
  const unread = Number(req.headers["content-length"] ?? 0) > 0 || req.headers["transfer-encoding"] !== undefined;
  if (unread) sendAndClose(res, () => sendAwsError(res, err, newRequestId()));
  else sendAwsError(res, err, newRequestId());
}

function sendReply(res: ServerResponse, reply: AwsReply, requestId: string): void {
  const headers: Record<string, string> = { "x-amzn-RequestId": requestId, ...(reply.headers ?? {}) };
  const body = reply.body;
  if (body === undefined || body === null) {
    res.writeHead(reply.status, { ...headers, "content-length": "0" });
    res.end();
  } else if (Buffer.isBuffer(body) || body instanceof Uint8Array || typeof body === "string") {
    const bytes = typeof body === "string" ? Buffer.from(body) : body;
    const hasType = Object.keys(headers).some((h) => h.toLowerCase() === "content-type");
    res.writeHead(reply.status, {
      ...(hasType ? {} : { "content-type": "application/json" }),
      ...headers,
      "content-length": String(bytes.length),
    });
    res.end(bytes);
  } else {
    sendJson(res, reply.status, body, headers);
  }
}

function isStream(body: unknown): body is AsyncIterable<Uint8Array> {
  return typeof body === "object" && body !== null && Symbol.asyncIterator in body && !(body instanceof Uint8Array);
}

/**
 * A streamed reply (InvokeWithResponseStream): chunked, each piece written as it comes; the next is pulled only
 * after the socket took the last ('drain'), so a reader that stops holds the producer back. A client that goes
 * away ends the loop, which closes the source.
 */
async function sendStream(
  res: ServerResponse,
  reply: AwsReply,
  body: AsyncIterable<Uint8Array>,
  requestId: string,
): Promise<void> {
  res.writeHead(reply.status, { "x-amzn-RequestId": requestId, ...(reply.headers ?? {}) });
  for await (const piece of body) {
    if (res.destroyed) return;
    if (!res.write(piece)) {
      const drained = await new Promise<boolean>((resolve) => {
        const onDrain = () => (res.off("close", onClose), resolve(true));
        const onClose = () => (res.off("drain", onDrain), resolve(false));
        res.once("drain", onDrain);
        res.once("close", onClose);
      });
      if (!drained) return;
    }
  }
  res.end();
}

function tooLarge(res: ServerResponse, service: Service, requestId: string, url: URL): void {
  if (service === "lambda") {
    const p = url.pathname;
    const op = p.endsWith("/response-streaming-invocations")
      ? "InvokeWithResponseStream"
      : p.endsWith("/invocations")
        ? "Invoke"
        : p.endsWith("/code")
          ? "UpdateFunctionCode"
          : "CreateFunction";
    sendAwsError(
      res,
      new AwsError(
        413,
        "RequestEntityTooLargeException",
        `Request must be smaller than ${LAMBDA_BODY_LIMIT} bytes for the ${op} operation`,
        { extra: { Type: "User" } },
      ),
      requestId,
    );
    return;
  }
  // API Gateway's front end answers oversized payloads with plain text (docs/aws-binary-rules.md §8).
  const text = Buffer.from(`HTTP content length exceeded ${APIGATEWAY_BODY_LIMIT} bytes.`);
  res.writeHead(413, {
    "content-type": "text; charset=utf-8",
    "content-length": String(text.length),
    "x-amzn-RequestId": requestId,
  });
  res.end(text);
}

async function handleAdmin(ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const method = req.method ?? "GET";
  const route = url.pathname.replace(/\/+$/, "");
  ctx.metrics.count("binarygate", `${method} ${route}`);
  const browser = checkBrowser(req.headers, ctx.config.allowOrigins);
  if (!browser.ok) return refuse(ctx, req, res, "binarygate", browser, "CrossSiteRequest");
  if (route === "/_binarygate/health" && method === "GET") {
    sendJson(res, 200, {
      ok: true,
      service: "binarygate-emulator",
      accountId: ctx.config.accountId,
      accessKeyId: ctx.config.accessKeyId,
      uptimeSeconds: Math.round(process.uptime()),
    });
    return;
  }
  if (route === "/_binarygate/metrics" && method === "GET") {
    sendJson(res, 200, ctx.metrics.snapshot());
    return;
  }
  if (route === "/_binarygate/faults") {
    // Faults break every client of this emulator: only a process on this machine may set them, even when the
    // emulator listens beyond loopback (BINARYGATE_EMULATOR_ALLOW_REMOTE, docs/security.md promise 1).
    if (!isLoopbackAddress(req.socket.remoteAddress)) {
      sendJson(res, 403, { message: "Fault injection is only accepted from loopback" });
      return;
    }
    if (method === "GET") {
      sendJson(res, 200, { rules: listFaults(ctx) });
      return;
    }
    if (method === "DELETE") {
      clearFaults(ctx);
      sendJson(res, 200, { rules: [] });
      return;
    }
    if (method === "POST") {
      let body: Buffer;
      try {
        body = await readBody(req, 64 * 1024);
      } catch (err) {
        if (err instanceof BodyTooLargeError) {
          sendAndClose(res, () => sendJson(res, 413, { message: "Fault rule too large" }));
          return;
        }
        throw err;
      }
      let json: unknown;
      try {
        json = JSON.parse(body.toString("utf8"));
      } catch {
        sendJson(res, 400, { message: "Body must be a JSON FaultRule: {operation, times, kind, delayMs?, service?}" });
        return;
      }
      const parsed = FaultRuleSchema.safeParse(json);
      if (!parsed.success) {
        sendJson(res, 400, {
          message: parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "),
        });
        return;
      }
      addFault(ctx, parsed.data);
      sendJson(res, 201, { rules: listFaults(ctx) });
      return;
    }
  }
  if (route === RESET_DEMO_PATH) {
    await handleResetDemo(ctx, req, res);
    // The demo's stages and functions are new: their functions get a worker before the first request.
    warmReachable(ctx);
    return;
  }
  sendJson(res, 404, { message: `Unknown admin endpoint ${method} ${url.pathname}` });
}
