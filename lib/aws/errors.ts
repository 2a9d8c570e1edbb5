import "server-only";
import { getConfig } from "@/lib/config";
import type { AwsFailure } from "./types";

/**
 * Maps whatever the SDK threw into one AwsFailure a page can show (docs/security.md promise 9): each message says what
 * to do next; an unexpected error is logged on the server and shown as a generic message, never with the
 * SDK's own text.
 */

export interface CallContext {
  operation: string;
  region: string;
  /** e.g. "REST API abc123" — names the thing in messages. */
  subject?: string;
  /** IAM action and resource the call needs, e.g. "apigateway:PATCH on arn:aws:apigateway:us-east-1::/restapis/abc". */
  iamAction: string;
  target: "local" | "aws";
  /** The URL the dashboard was pointed at (the emulator, or a custom endpoint), for the unreachable message. */
  endpoint?: string;
}

interface SdkErrorLike {
  name?: string;
  code?: string;
  message?: string;
  cause?: unknown;
  errno?: unknown;
  $metadata?: { httpStatusCode?: number; requestId?: string };
  $response?: { headers?: Record<string, string> };
  retryAfterSeconds?: string;
}

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ETIMEDOUT",
  "EPIPE",
]);

function networkCode(err: unknown, depth = 0): string | undefined {
  if (!err || typeof err !== "object" || depth > 4) return undefined;
  const e = err as SdkErrorLike & { errors?: unknown[] };
  if (typeof e.code === "string" && NETWORK_CODES.has(e.code)) return e.code;
  if (Array.isArray(e.errors))
    for (const inner of e.errors) {
      const c = networkCode(inner, depth + 1);
      if (c) return c;
    }
  return networkCode(e.cause, depth + 1);
}

/** The HTTP status of an SDK service error, if it is one. */
export function statusOf(err: unknown): number | undefined {
  return (err as SdkErrorLike | undefined)?.$metadata?.httpStatusCode;
}

/** The error's AWS name (x-amzn-ErrorType), e.g. "TooManyRequestsException". */
export function nameOf(err: unknown): string {
  return String((err as SdkErrorLike | undefined)?.name ?? "Error");
}

/** True for AWS throttling: 429 TooManyRequestsException / LimitExceededException (docs/aws-binary-rules.md §6.4). */
export function isThrottle(err: unknown): boolean {
  const name = nameOf(err);
  return (
    statusOf(err) === 429 ||
    name === "TooManyRequestsException" ||
    name === "LimitExceededException" ||
    name === "ThrottlingException"
  );
}

/** True for a 409 ConflictException: API Gateway's "concurrent modification" answer, safe to retry (nothing was applied). */
export function isConflict(err: unknown): boolean {
  return nameOf(err) === "ConflictException" || statusOf(err) === 409;
}

/** Seconds the target asked us to wait (Retry-After), if any. */
export function retryAfterMs(err: unknown): number | undefined {
  const e = err as SdkErrorLike | undefined;
  const raw = e?.retryAfterSeconds ?? e?.$response?.headers?.["retry-after"];
  const seconds = raw === undefined ? NaN : Number(raw);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

function profileName(): string {
  return getConfig().awsProfile ?? "default";
}

/** True when the call was cut at its deadline (the SDK's requestTimeout): the target took it and never answered. */
export function isDeadline(err: unknown): boolean {
  const e = err as SdkErrorLike | undefined;
  return nameOf(err) === "TimeoutError" && /requestTimeout/.test(String(e?.message ?? ""));
}

/** Turns a thrown SDK/network error into an AwsFailure with a message a user can act on. */
export function toFailure(err: unknown, ctx: CallContext): AwsFailure {
  const name = nameOf(err);
  const status = statusOf(err);
  const subject = ctx.subject ?? "the resource";
  const where = ctx.target === "local" ? "the local emulator" : `AWS ${ctx.region}`;

  if (isDeadline(err)) {
    const seconds = Math.round(getConfig().awsTimeoutMs / 100) / 10;
    const who =
      ctx.target === "local"
        ? `The local emulator at ${ctx.endpoint ?? "http://127.0.0.1:4599"}`
        : `API Gateway in ${ctx.region}`;
    return {
      code: "target-timeout",
      message:
        `${who} is not answering: it accepted the connection but sent no reply to ${ctx.operation} within ${seconds} s. ` +
        "Check that the target is healthy, then reload (a change may or may not have been applied).",
    };
  }
  const net = networkCode(err);
  if (net || name === "TimeoutError" || name === "RequestTimeout") {
    if (ctx.target === "local") {
      return {
        code: "target-unreachable",
        message: `The local emulator at ${ctx.endpoint ?? "http://127.0.0.1:4599"} is not reachable (${net ?? "timeout"}). Start it with “npm run emulator” (or “npm start”, which runs both), or point BINARYGATE_EMULATOR_URL at the one you run.`,
      };
    }
    return {
      code: "target-unreachable",
      message: ctx.endpoint
        ? `The endpoint ${ctx.endpoint} (AWS_ENDPOINT_URL) is not reachable (${net ?? "timeout"}). Start it, or fix AWS_ENDPOINT_URL.`
        : `API Gateway in ${ctx.region} is not reachable (${net ?? "timeout"}). Check the network and the region.`,
    };
  }

  if (name === "NotFoundException" || name === "ResourceNotFoundException" || status === 404) {
    return { code: "not-found", message: `${capitalise(subject)} was not found in ${where}.` };
  }
  if (isThrottle(err)) {
    return {
      code: "throttled",
      message: `${where} is throttling requests (429 Too Many Requests) and still did after retries. Wait a few seconds and try again.`,
    };
  }
  if (isConflict(err)) {
    return {
      code: "conflict",
      message: `${capitalise(subject)} was being changed by someone else at the same time (409 ConflictException), even after retries. Reload and try again.`,
    };
  }
  if (
    name === "ExpiredTokenException" ||
    name === "ExpiredToken" ||
    name === "TokenProviderError" ||
    (name === "CredentialsProviderError" && /sso|expired|token/i.test(String((err as SdkErrorLike).message)))
  ) {
    return {
      code: "credentials-expired",
      message: `The AWS credentials have expired. Run “aws sso login --profile ${profileName()}”, then reload.`,
    };
  }
  if (name === "CredentialsProviderError") {
    return {
      code: "credentials-expired",
      message: `No AWS credentials were found (profile "${profileName()}"). Set AWS_PROFILE to a configured profile and run “aws sso login --profile ${profileName()}”, or export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY.`,
    };
  }
  if (
    name === "UnrecognizedClientException" ||
    name === "InvalidSignatureException" ||
    name === "IncompleteSignatureException" ||
    name === "InvalidClientTokenId"
  ) {
    return {
      code: "credentials-expired",
      message:
        ctx.target === "local"
          ? "The emulator rejected the request signature: the dashboard signs with test/test; check the emulator's configured credentials."
          : `AWS rejected the credentials (${name}). Run “aws sso login --profile ${profileName()}” or check the access keys.`,
    };
  }
  if (name === "AccessDeniedException" || name === "UnauthorizedException" || status === 403) {
    return {
      code: "access-denied",
      message: `Access denied: the credentials lack ${ctx.iamAction}. Add it to the IAM policy (read-only mode needs only apigateway:GET).`,
      iamAction: ctx.iamAction,
    };
  }
  if (name === "BadRequestException" || name === "ValidationException" || status === 400) {
    // API Gateway's 400 messages describe the request we sent (docs/aws-binary-rules.md §6.1), not internals.
    const msg = String((err as SdkErrorLike).message ?? "").slice(0, 300);
    return { code: "invalid", message: `The target refused ${ctx.operation}: ${msg || "bad request"}` };
  }

  const requestId = (err as SdkErrorLike | undefined)?.$metadata?.requestId;
  console.error(
    `[lib/aws] unexpected ${ctx.operation} failure in ${ctx.region}:`,
    name,
    status ?? "",
    requestId ?? "",
    (err as Error)?.message,
  );
  return {
    code: "unknown",
    message: `${ctx.operation} failed unexpectedly${status ? ` (HTTP ${status})` : ""}${requestId ? `, request id ${requestId}` : ""}. The server log has details.`,
  };
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
