/**
 * MOCK integrations, enough for CORS preflight (docs/aws-binary-rules.md §10, R32/R33): the integration response for
 * "200" (or the one without a selection pattern) gives the status, its `method.response.header.X: "'value'"`
 * parameters give headers, its application/json template (verbatim, no VTL) gives the body.
 *
 * With `*` + `/*` deployed, AWS treats the request as binary and its mapping cannot transform it: 500
 * {"message":"Internal server error"} ("Unable to transform request"), unless the integration sets
 * contentHandling CONVERT_TO_TEXT [C12][C13][C14][C16].
 */
import type { IntegrationRecord } from "../model";
import { requestContentIsBinary } from "../../binary";
import { ApiConfigurationError } from "./gateway-responses";

export interface MockResult {
  statusCode: number;
  headers: Record<string, string | string[]>;
  body: Uint8Array;
}

/** Answers a MOCK integration; throws API Gateway's 500 when the mapping cannot run. */
export function handleMock(
  integration: IntegrationRecord,
  binaryMediaTypes: readonly string[],
  contentType: string | undefined,
): MockResult {
  if (requestContentIsBinary(contentType, binaryMediaTypes) && integration.contentHandling !== "CONVERT_TO_TEXT") {
    throw new ApiConfigurationError("Unable to transform request: a binary request reached a MOCK mapping");
  }
  const responses = Object.values(integration.integrationResponses ?? {});
  const chosen =
    responses.find((r) => r.statusCode === "200") ?? responses.find((r) => !r.selectionPattern) ?? responses[0];
  if (!chosen) {
    // No integration response configured: AWS answers 500 for a MOCK without one.
    throw new ApiConfigurationError("the MOCK integration has no integration response");
  }
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  for (const [key, value] of Object.entries(chosen.responseParameters ?? {})) {
    const m = /^method\.response\.header\.(.+)$/.exec(key);
    // Only static values ('...') are supported; mappings from the request are out of scope.
    if (m && /^'.*'$/s.test(value)) headers[m[1]] = value.slice(1, -1);
  }
  const template = chosen.responseTemplates?.["application/json"] ?? "";
  return { statusCode: Number(chosen.statusCode) || 200, headers, body: Buffer.from(template) };
}
