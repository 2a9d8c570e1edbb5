/**
 * API Gateway's own answers, one class per gateway response (AWS docs "Gateway response types"). A step of
 * the data plane throws one; `gatewayResponseToHttp` is the only place that turns them into HTTP. Statuses
 * and messages are what AWS sends with the default gateway responses (docs/aws-binary-rules.md §1.1, §8, §10).
 */
import { awsGatewayError, REQUEST_BODY_LIMIT_BYTES } from "../../binary";

/** The gateway response types the emulator answers with (a subset of AWS's GatewayResponseType). */
export type GatewayResponseType =
  | "MISSING_AUTHENTICATION_TOKEN"
  | "INVALID_API_KEY"
  | "REQUEST_TOO_LARGE"
  | "INTEGRATION_FAILURE"
  | "INTEGRATION_TIMEOUT"
  | "API_CONFIGURATION_ERROR"
  | "DEFAULT_5XX";

/** One answer API Gateway gives instead of the integration's; `detail` is for logs, never sent. */
export abstract class GatewayResponse extends Error {
  /** null: answered by the shared execute-api front end, before any API's gateway responses apply. */
  abstract readonly type: GatewayResponseType | null;
  abstract readonly statusCode: number;
  /** The `message` of AWS's `{"message": "…"}` body. */
  abstract readonly text: string;
  /** x-amzn-ErrorType; undefined leaves lib/binary's default for the status (none for 504). */
  readonly errorType: string | undefined = undefined;

  constructor(readonly detail?: string) {
    super(detail);
    this.name = new.target.name;
  }
}

/** An unknown API id or stage, or a stage without a deployment: 403 Forbidden. */
export class ForbiddenStage extends GatewayResponse {
  readonly type = null;
  readonly statusCode = 403;
  readonly text = "Forbidden";
  override readonly errorType = "ForbiddenException";
}

/** No resource or no method for the request: AWS's famous 403 for a wrong path or verb. */
export class MissingAuthenticationToken extends GatewayResponse {
  readonly type = "MISSING_AUTHENTICATION_TOKEN";
  readonly statusCode = 403;
  readonly text = "Missing Authentication Token";
  override readonly errorType = "MissingAuthenticationTokenException";
}

/** A method with apiKeyRequired, called without an enabled key its stage's usage plans hold: 403 Forbidden. */
export class InvalidApiKey extends GatewayResponse {
  readonly type = "INVALID_API_KEY";
  readonly statusCode = 403;
  readonly text = "Forbidden";
  override readonly errorType = "ForbiddenException";
}

/** The event does not fit Lambda's 6 MB request payload (docs/aws-binary-rules.md §8, Q10). */
export class RequestTooLarge extends GatewayResponse {
  readonly type = "REQUEST_TOO_LARGE";
  readonly statusCode = 413;
  readonly text = "Request Too Long";
  override readonly errorType = "BadRequestException";
}

/**
 * A body over 10 MB, refused by AWS's CloudFront edge before API Gateway sees it (docs/aws-binary-rules.md §8,
 * Q9): plain text, and the connection is closed because the body is left unread.
 */
export class EdgeRequestTooLarge extends GatewayResponse {
  readonly type = null;
  readonly statusCode = 413;
  readonly text = `HTTP content length exceeded ${REQUEST_BODY_LIMIT_BYTES} bytes.`;
}

/**
 * The Lambda failed: it threw, crashed, returned a malformed or oversize result, or is missing. AWS's default
 * INTEGRATION_FAILURE is 504, but a Lambda proxy failure is observed as 502 (docs/aws-binary-rules.md §1.1, §10).
 */
export class IntegrationFailure extends GatewayResponse {
  readonly type = "INTEGRATION_FAILURE";
  readonly statusCode = 502;
  readonly text = "Internal server error";
}

/** The integration did not answer within its timeout (docs/aws-binary-rules.md §8, R31). */
export class IntegrationTimeout extends GatewayResponse {
  readonly type = "INTEGRATION_TIMEOUT";
  readonly statusCode = 504;
  readonly text = "Endpoint request timed out";
}

/**
 * The API is configured so that the request cannot go through: no integration, a Lambda whose resource policy
 * does not let API Gateway invoke it (docs/aws-binary-rules.md §7), a MOCK that cannot map a binary request.
 */
export class ApiConfigurationError extends GatewayResponse {
  readonly type = "API_CONFIGURATION_ERROR";
  readonly statusCode = 500;
  readonly text = "Internal server error";
  override readonly errorType = "InternalServerErrorException";
}

/** Anything else that fails inside the gateway, including what the emulator does not emulate. */
export class InternalServerError extends GatewayResponse {
  readonly type = "DEFAULT_5XX";
  readonly statusCode = 500;
  readonly text = "Internal server error";
  override readonly errorType = "InternalServerErrorException";
}

/** What goes on the wire for a gateway response, before the gateway's own ids are added. */
export interface GatewayHttpResponse {
  statusCode: number;
  headers: Record<string, string[]>;
  body: Uint8Array;
  /** Sent by the edge, not API Gateway: only a request id, and the connection closes (the body is unread). */
  edge: boolean;
}

/** Maps a gateway response to HTTP: AWS's JSON error body, or the edge's plain text for an oversize body. */
export function gatewayResponseToHttp(e: GatewayResponse): GatewayHttpResponse {
  if (e instanceof EdgeRequestTooLarge) {
    // CloudFront's odd Content-Type is copied as AWS sends it.
    const headers = { "Content-Type": ["text; charset=utf-8"] };
    return { statusCode: 413, headers, body: Buffer.from(e.text), edge: true };
  }
  return { ...awsGatewayError(e.statusCode, e.text, e.errorType), edge: false };
}
