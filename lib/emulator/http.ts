/** Small HTTP helpers shared by the emulator's server and control planes. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AwsError } from "./errors";

/** Thrown by readBody when a body exceeds its cap; the caller answers 413 and drops the connection. */
export class BodyTooLargeError extends Error {
  constructor(
    readonly limit: number,
    readonly declared: number | undefined,
  ) {
    super(`Request body exceeds ${limit} bytes`);
  }
}

/** The client hung up before its body arrived: nothing to answer, nothing to log. */
export class ClientGoneError extends Error {
  constructor() {
    super("The client closed the connection before sending the whole body");
  }
}

/**
 * Reads a request body up to `limit` bytes. Refuses up front when Content-Length says it is larger, and stops
 * reading (pausing the stream) as soon as a chunked body passes the cap, so an oversized upload is never buffered.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = req.headers["content-length"] !== undefined ? Number(req.headers["content-length"]) : undefined;
  if (declared !== undefined && Number.isFinite(declared) && declared > limit) {
    return Promise.reject(new BodyTooLargeError(limit, declared));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        done = true;
        req.off("data", onData);
        req.pause();
        reject(new BodyTooLargeError(limit, declared));
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.once("end", () => {
      if (done) return;
      done = true;
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    });
    req.once("error", (err: NodeJS.ErrnoException) => {
      if (done) return;
      done = true;
      // Node reports a hang-up mid-body as ECONNRESET "aborted".
      reject(err.code === "ECONNRESET" ? new ClientGoneError() : err);
    });
    // A client that hangs up mid-body must not leave this promise (and its chunks) pending forever.
    req.once("close", () => {
      if (!done && !req.complete) {
        done = true;
        reject(new ClientGoneError());
      }
    });
  });
}

/** Sends a JSON body with AWS's usual headers. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const bytes = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { "content-type": "application/json", "content-length": String(bytes.length), ...headers });
  res.end(bytes);
}

/** Sends an AwsError as REST-JSON: status, x-amzn-ErrorType, JSON body (docs/aws-binary-rules.md §6.4). */
export function sendAwsError(
  res: ServerResponse,
  err: AwsError,
  requestId: string,
  extraHeaders: Record<string, string> = {},
): void {
  sendJson(res, err.status, err.body(), {
    "x-amzn-RequestId": requestId,
    "x-amzn-ErrorType": err.type,
    ...(err.options.headers ?? {}),
    ...extraHeaders,
  });
}

/**
 * Answers and then closes the connection without reading the rest of the request (used for bodies over a
 * limit): the response is flushed first, the socket destroyed shortly after so the unread upload is dropped.
 */
export function sendAndClose(res: ServerResponse, send: () => void): void {
  res.shouldKeepAlive = false;
  res.setHeader("connection", "close");
  send();
  const socket = res.socket;
  res.once("finish", () => {
    // A short grace lets the client read the response before the reset that unread data causes.
    setTimeout(() => socket?.destroy(), 200).unref();
  });
}
