/**
 * The data plane's last step: status and headers as API Gateway sends them (integration headers it owns are
 * remapped, its own ids added), then the body. A buffered answer goes out in one `res.end(buffer)`; a streamed
 * one (docs/streaming.md) calls `writeHeadOnce` with no length and then forwards its chunks itself.
 */
import type { ServerResponse } from "node:http";
import { type GatewayResponse, gatewayResponseToHttp, IntegrationFailure } from "./gateway-responses";
import type { RequestIds } from "./invocation";

/**
 * Headers API Gateway never passes through from an integration: it renames them x-amzn-Remapped-* and
 * sends its own (AWS docs "Header mappings"). Keeping this also stops a handler breaking HTTP framing.
 */
const REMAPPED = new Set([
  "content-length",
  "connection",
  "date",
  "transfer-encoding",
  "server",
  "authorization",
  "www-authenticate",
  "x-amzn-requestid",
  "x-amz-apigw-id",
  "x-amzn-trace-id",
]);

/** Headers to send, or an integration's headers; multi-value as arrays (written as separate lines). */
export type HeaderMap = Record<string, string | string[]>;

/**
 * Writes the status line and headers once: integration headers remapped, the gateway's ids added, and
 * Content-Length when the length is known (without it Node frames the body chunked). Returns false when
 * nothing was written because the response already started or the client is gone. Throws IntegrationFailure
 * for a header HTTP cannot carry (e.g. a newline a handler put in a value); nothing is sent then.
 */
export function writeHeadOnce(
  res: ServerResponse,
  ids: RequestIds,
  status: number,
  headers: HeaderMap,
  length?: number,
): boolean {
  if (res.headersSent || res.destroyed) return false;
  const out: HeaderMap = {};
  for (const name of Object.keys(headers)) {
    out[REMAPPED.has(name.toLowerCase()) ? `x-amzn-Remapped-${name}` : name] = headers[name];
  }
  out["x-amzn-RequestId"] = ids.requestId;
  out["x-amz-apigw-id"] = ids.apigwId;
  out["X-Amzn-Trace-Id"] = ids.traceId;
  if (length !== undefined) out["Content-Length"] = String(length);
  try {
    res.writeHead(status, out);
  } catch (err) {
    throw new IntegrationFailure(`the integration's headers cannot be sent: ${(err as Error).message}`);
  }
  return true;
}

/** Writes a whole response: status, headers, one res.end(body). */
export function writeResponse(
  res: ServerResponse,
  ids: RequestIds,
  status: number,
  headers: HeaderMap,
  body: Uint8Array,
): void {
  if (writeHeadOnce(res, ids, status, headers, body.byteLength)) res.end(body);
}

/**
 * Forwards a stream's chunks after writeHeadOnce, each as it arrives. The next chunk is pulled only once the
 * socket has taken the previous one ('drain'), so a client that stops reading holds the producer back instead
 * of growing the emulator's memory (docs/streaming.md). Resolves true once all is sent, false when the client
 * went away first; leaving the loop early closes the source (its iterator's return()).
 */
export async function forwardChunks(res: ServerResponse, chunks: AsyncIterable<Uint8Array>): Promise<boolean> {
  for await (const chunk of chunks) {
    if (res.destroyed) return false;
    if (!res.write(chunk) && !(await drained(res))) return false;
  }
  res.end();
  return true;
}

/** Waits for 'drain'; false when the response closes first. */
function drained(res: ServerResponse): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (ok: boolean) => () => {
      res.off("drain", onDrain);
      res.off("close", onClose);
      resolve(ok);
    };
    const onDrain = done(true);
    const onClose = done(false);
    res.once("drain", onDrain);
    res.once("close", onClose);
  });
}

/** Writes a gateway response (the one place they become HTTP is gatewayResponseToHttp). */
export function writeGatewayResponse(res: ServerResponse, ids: RequestIds, e: GatewayResponse): void {
  const http = gatewayResponseToHttp(e);
  if (!http.edge) {
    writeResponse(res, ids, http.statusCode, http.headers, http.body);
    return;
  }
  if (res.headersSent) return;
  // The edge stops reading: close the connection rather than leave unread bytes in a keep-alive stream.
  res.shouldKeepAlive = false;
  res.writeHead(http.statusCode, {
    ...http.headers,
    "Content-Length": String(http.body.byteLength),
    "x-amzn-RequestId": ids.requestId,
    Connection: "close",
  });
  res.end(http.body);
}
