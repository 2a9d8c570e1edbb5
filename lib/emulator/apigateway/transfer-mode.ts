/**
 * `responseTransferMode` rules of an integration (docs/streaming.md §1.3–§1.5), checked on the FINAL state of a
 * PutIntegration or UpdateIntegration: AWS's own switch sends `/uri` and `/responseTransferMode` in one patch,
 * and either half alone is an invalid pair (docs/aws-binary-rules.md §1.6), so checking op by op would refuse AWS's
 * example.
 */
import { badRequest } from "../errors";
import type { IntegrationRecord } from "../model";
import { DEFAULT_INTEGRATION_TIMEOUT_MS, TRANSFER_MODES, transferModeOf } from "../../binary";

export { TRANSFER_MODES };

/** With STREAM the integration timeout may reach 15 minutes (docs/streaming.md §0.4, §1.5). */
export const STREAM_MAX_TIMEOUT_MS = 900_000;

const FUNCTION_ARN = String.raw`arn:aws:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(?::[A-Za-z0-9$_-]+)?`;
/** Lambda's Invoke: the BUFFERED URI (docs/aws-binary-rules.md §6). */
export const LAMBDA_INVOKE_URI_RE = new RegExp(
  String.raw`^arn:aws:apigateway:[a-z0-9-]+:lambda:path/2015-03-31/functions/${FUNCTION_ARN}/invocations$`,
);
/** Lambda's InvokeWithResponseStream: the STREAM URI (docs/streaming.md §0.3, §1.3). */
export const LAMBDA_STREAM_URI_RE = new RegExp(
  String.raw`^arn:aws:apigateway:[a-z0-9-]+:lambda:path/2021-11-15/functions/${FUNCTION_ARN}/response-streaming-invocations$`,
);

/** Throws AWS's 400 when type, Lambda URI, mode and timeout do not fit together (docs/streaming.md §1.4). */
export function checkTransferMode(
  i: Pick<IntegrationRecord, "type" | "uri" | "responseTransferMode" | "timeoutInMillis">,
): void {
  // A record without the field predates streaming and is BUFFERED.
  const mode = transferModeOf(i.responseTransferMode);
  if (mode === "STREAM" && i.type !== "AWS_PROXY" && i.type !== "HTTP_PROXY") {
    // AWS's text for this case is not established (docs/streaming.md §6 question 1): ours names the rule.
    throw badRequest(
      `Invalid ResponseTransferMode. ResponseTransferMode STREAM is only supported for HTTP_PROXY and AWS_PROXY integrations, not ${i.type}.`,
    );
  }
  if (i.type === "AWS_PROXY" && i.uri !== undefined) {
    if (mode === "BUFFERED" && LAMBDA_STREAM_URI_RE.test(i.uri)) {
      // AWS's text, as quoted in docs/streaming.md §1.4.
      throw badRequest(
        "Invalid ResponseTransferMode. Cannot use ResponseTransferMode BUFFERED for Lambda functions invoked by InvokeWithResponseStream for AWS_PROXY integrations.",
      );
    }
    if (mode === "STREAM" && LAMBDA_INVOKE_URI_RE.test(i.uri)) {
      // Only "Invalid Res…" is established (docs/streaming.md §1.4); the rest mirrors the BUFFERED message.
      throw badRequest(
        "Invalid ResponseTransferMode. Cannot use ResponseTransferMode STREAM for Lambda functions invoked by Invoke for AWS_PROXY integrations.",
      );
    }
  }
  const max = mode === "STREAM" ? STREAM_MAX_TIMEOUT_MS : DEFAULT_INTEGRATION_TIMEOUT_MS;
  if (!Number.isInteger(i.timeoutInMillis) || i.timeoutInMillis < 50 || i.timeoutInMillis > max) {
    throw badRequest(`Timeout should be between 50 ms and ${max} ms`);
  }
}
