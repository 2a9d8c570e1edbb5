/**
 * The `*∕*` check (docs/real-world-failures.md §P4; docs/aws-binary-rules.md §10, §11.2 R32–R33): with a
 * catch-all binary media type, a CORS preflight (no body, no Content-Type) counts as binary, and a MOCK
 * integration cannot transform it, so OPTIONS answers 500 without CORS headers. AWS's documented fix is
 * `contentHandling: CONVERT_TO_TEXT` on the method's integration (the request side).
 */
import { findCatchAll } from "../match";
import { requestContentIsBinary } from "../request";
import type { DoctorFinding } from "./types";

/** What the doctor needs of one method: GetResource(s) with `embed=methods` gives it. */
export interface MethodIntegrationInfo {
  /** e.g. "/files/{name}". */
  resourcePath: string;
  /** The resource's id, for UpdateIntegration. */
  resourceId?: string;
  httpMethod: string;
  /** The integration's type: "MOCK", "AWS_PROXY", "AWS", "HTTP", "HTTP_PROXY". */
  integrationType: string;
  /** The integration's (request side) contentHandling, absent when unset. */
  contentHandling?: string | null;
}

/** One patch that fixes a preflight: UpdateIntegration on this method, then a redeployment. */
export interface PreflightFix {
  resourcePath: string;
  resourceId?: string;
  httpMethod: "OPTIONS";
  patchOperations: [{ op: "replace"; path: "/contentHandling"; value: "CONVERT_TO_TEXT" }];
}

/** Whether a MOCK integration fails this request: binary by API Gateway's request rule, not converted to text. */
export function mockRejectsRequest(
  contentType: string | null | undefined,
  binaryMediaTypes: readonly string[],
  contentHandling: string | null | undefined,
): boolean {
  return requestContentIsBinary(contentType, binaryMediaTypes) && contentHandling !== "CONVERT_TO_TEXT";
}

/** The MOCK OPTIONS methods whose preflight answers 500 under these binary media types, with their fixes. */
export function brokenPreflights(
  binaryMediaTypes: readonly string[],
  methods: readonly MethodIntegrationInfo[],
): PreflightFix[] {
  return methods
    .filter(
      (m) =>
        m.httpMethod.toUpperCase() === "OPTIONS" &&
        m.integrationType.toUpperCase() === "MOCK" &&
        // A preflight carries no body and no Content-Type.
        mockRejectsRequest(null, binaryMediaTypes, m.contentHandling),
    )
    .map((m) => ({
      resourcePath: m.resourcePath,
      ...(m.resourceId !== undefined ? { resourceId: m.resourceId } : {}),
      httpMethod: "OPTIONS",
      patchOperations: [{ op: "replace", path: "/contentHandling", value: "CONVERT_TO_TEXT" }],
    }));
}

/** Findings for `*∕*`: the broken preflights (fixable), and the request-body side effect on proxy methods. */
export function checkStarStar(
  binaryMediaTypes: readonly string[],
  methods: readonly MethodIntegrationInfo[],
): DoctorFinding[] {
  const catchAll = findCatchAll(binaryMediaTypes);
  if (catchAll === null) {
    return [
      {
        id: "apigateway.star-star-preflight",
        layer: "apigateway",
        status: "passed",
        cause: "The API has no `*/*` binary media type, so CORS preflights to MOCK integrations stay text.",
      },
    ];
  }
  const broken = brokenPreflights(binaryMediaTypes, methods);
  const paths = broken.map((b) => `OPTIONS ${b.resourcePath}`).join(", ");
  const findings: DoctorFinding[] = [
    broken.length > 0
      ? {
          id: "apigateway.star-star-preflight",
          layer: "apigateway",
          status: "failed",
          cause:
            `With \`${catchAll}\` as a binary media type, a CORS preflight counts as binary and a MOCK integration ` +
            `cannot transform it, so ${paths} answer${broken.length === 1 ? "s" : ""} 500 without CORS headers.`,
          fix:
            `Set the integration's contentHandling to CONVERT_TO_TEXT on ${paths} ` +
            '(UpdateIntegration: {"op":"replace","path":"/contentHandling","value":"CONVERT_TO_TEXT"}), ' +
            "then redeploy.",
        }
      : {
          id: "apigateway.star-star-preflight",
          layer: "apigateway",
          status: "passed",
          cause: `Every MOCK OPTIONS integration converts to text, so preflights work with \`${catchAll}\`.`,
        },
  ];
  const proxies = methods.filter(
    (m) => m.integrationType.toUpperCase() === "AWS_PROXY" && m.httpMethod.toUpperCase() !== "OPTIONS",
  );
  if (proxies.length > 0) {
    findings.push({
      id: "apigateway.star-star-request-bodies",
      layer: "apigateway",
      // Not a failure by itself: it breaks only handlers that do not decode; the doctor cannot see that statically.
      status: "not-checked",
      cause:
        `With \`${catchAll}\`, every request body (JSON and forms included) reaches the Lambda base64-encoded with ` +
        `isBase64Encoded: true, on ${proxies.length} proxy method${proxies.length === 1 ? "" : "s"}.`,
      fix:
        'Decode the body when isBase64Encoded is true (Node: Buffer.from(event.body, "base64")), or list only ' +
        "the binary types you serve instead of `*/*`.",
    });
  }
  return findings;
}
