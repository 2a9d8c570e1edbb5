import "server-only";
import { randomBytes, randomUUID } from "node:crypto";
import { buildProxyEvent, requestBodyToEvent } from "@/lib/binary";

/**
 * The proxy event API Gateway would send the function for this client's request, built by the same rules the
 * emulator's data plane uses (lib/binary/proxy-event.ts, request.ts), so a direct Invoke sees what a real
 * request would give it. The doctor sends no body (GET-like probe): the request side is the upload check's.
 */

/** Where the probe request goes and who sends it. */
export interface DoctorEventInput {
  region: string;
  accountId: string;
  apiId: string;
  stage: string;
  method: string;
  path: string;
  resourcePath: string;
  resourceId: string;
  pathParameters: Record<string, string> | null;
  accept: string;
  binaryMediaTypes: readonly string[];
}

/** The payload-format-1.0 event for the probe. */
export function doctorEvent(i: DoctorEventInput): Record<string, unknown> {
  const domainName = `${i.apiId}.execute-api.${i.region}.amazonaws.com`;
  const rawHeaders = ["Host", domainName, "User-Agent", "BinaryGate-doctor", "X-Forwarded-Proto", "https"];
  // An empty Accept means the client sent none (docs/aws-binary-rules.md §3).
  if (i.accept !== "") rawHeaders.push("Accept", i.accept);
  const { body, isBase64Encoded } = requestBodyToEvent(null, null, i.binaryMediaTypes);
  return buildProxyEvent({
    httpMethod: i.method,
    rawPath: i.path,
    rawQuery: "",
    rawHeaders,
    resourcePath: i.resourcePath,
    resourceId: i.resourceId,
    pathParameters: i.pathParameters,
    stageVariables: {},
    stage: i.stage,
    deploymentId: "doctor",
    apiId: i.apiId,
    accountId: i.accountId,
    domainName,
    sourceIp: "127.0.0.1",
    requestId: randomUUID(),
    extendedRequestId: randomBytes(10).toString("base64"),
    now: new Date(),
    body,
    isBase64Encoded,
  });
}
