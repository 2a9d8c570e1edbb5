/**
 * The Lambda proxy event, payload format 1.0, shaped as AWS sends it (docs/aws-binary-rules.md §9; AWS-validated
 * snapshot [V6]): header names keep the client's case; `headers` holds the last value per name and
 * `multiValueHeaders` all of them; query/path parameters and stage variables are null when there are none;
 * `requestContext.path` carries the stage while `path` does not. The body fields come from requestBodyToEvent.
 * Pure: the emulator's data plane and the doctor's direct Invoke build the same event from here.
 */
import { safeDecodeURIComponent } from "./uri";

export interface ProxyEventInput {
  httpMethod: string;
  /** Path after the stage, still percent-encoded, starting with "/". */
  rawPath: string;
  rawQuery: string;
  /** IncomingMessage.rawHeaders: [name, value, name, value, ...] in arrival order. */
  rawHeaders: string[];
  resourcePath: string;
  resourceId: string;
  pathParameters: Record<string, string> | null;
  stageVariables: Record<string, string>;
  stage: string;
  deploymentId: string;
  apiId: string;
  accountId: string;
  domainName: string;
  sourceIp: string;
  requestId: string;
  extendedRequestId: string;
  now: Date;
  body: string | null;
  isBase64Encoded: boolean;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number) => (n < 10 ? "0" + n : String(n));

/** requestContext.requestTime as AWS writes it: "24/Nov/2026:21:00:00 +0000" (CLF, UTC). */
export function formatRequestTime(d: Date): string {
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

/** Decodes a query component as API Gateway does: `+` is a space, then percent-decoding ([V6] "plus" case). */
function decodeQueryComponent(s: string): string {
  return safeDecodeURIComponent(s.replace(/\+/g, " "));
}

/** Parses a raw query string into AWS's two maps (single = last value per name); nulls when empty. */
export function parseQuery(rawQuery: string): {
  queryStringParameters: Record<string, string> | null;
  multiValueQueryStringParameters: Record<string, string[]> | null;
} {
  if (!rawQuery) return { queryStringParameters: null, multiValueQueryStringParameters: null };
  const multi: Record<string, string[]> = {};
  for (const pair of rawQuery.split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const name = decodeQueryComponent(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? "" : decodeQueryComponent(pair.slice(eq + 1));
    (Object.hasOwn(multi, name) ? multi[name] : (multi[name] = [])).push(value);
  }
  const names = Object.keys(multi);
  if (names.length === 0) return { queryStringParameters: null, multiValueQueryStringParameters: null };
  const single: Record<string, string> = {};
  for (const n of names) single[n] = multi[n][multi[n].length - 1];
  return { queryStringParameters: single, multiValueQueryStringParameters: multi };
}

/** Groups raw headers by name (case kept as first seen; names compared case-insensitively). */
export function groupHeaders(rawHeaders: string[]): {
  headers: Record<string, string>;
  multiValueHeaders: Record<string, string[]>;
} {
  const multi: Record<string, string[]> = {};
  const nameOf = new Map<string, string>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const lower = rawHeaders[i].toLowerCase();
    let name = nameOf.get(lower);
    if (name === undefined) {
      name = rawHeaders[i];
      nameOf.set(lower, name);
      multi[name] = [];
    }
    multi[name].push(rawHeaders[i + 1]);
  }
  const headers: Record<string, string> = {};
  for (const [n, v] of Object.entries(multi)) headers[n] = v[v.length - 1];
  return { headers, multiValueHeaders: multi };
}

/** Builds the payload-format-1.0 event object. */
export function buildProxyEvent(i: ProxyEventInput): Record<string, unknown> {
  const { headers, multiValueHeaders } = groupHeaders(i.rawHeaders);
  const { queryStringParameters, multiValueQueryStringParameters } = parseQuery(i.rawQuery);
  const path = safeDecodeURIComponent(i.rawPath);
  const userAgent = headers["User-Agent"] ?? headers["user-agent"] ?? findHeader(headers, "user-agent");
  return {
    resource: i.resourcePath,
    path,
    httpMethod: i.httpMethod,
    headers,
    multiValueHeaders,
    queryStringParameters,
    multiValueQueryStringParameters,
    pathParameters: i.pathParameters,
    stageVariables: Object.keys(i.stageVariables).length > 0 ? i.stageVariables : null,
    requestContext: {
      resourceId: i.resourceId,
      resourcePath: i.resourcePath,
      httpMethod: i.httpMethod,
      extendedRequestId: i.extendedRequestId,
      requestTime: formatRequestTime(i.now),
      path: `/${i.stage}${path}`,
      accountId: i.accountId,
      protocol: "HTTP/1.1",
      stage: i.stage,
      domainPrefix: i.apiId,
      requestTimeEpoch: i.now.getTime(),
      requestId: i.requestId,
      identity: {
        cognitoIdentityPoolId: null,
        accountId: null,
        cognitoIdentityId: null,
        caller: null,
        sourceIp: i.sourceIp,
        principalOrgId: null,
        accessKey: null,
        cognitoAuthenticationType: null,
        cognitoAuthenticationProvider: null,
        userArn: null,
        userAgent: userAgent ?? null,
        user: null,
      },
      domainName: i.domainName,
      deploymentId: i.deploymentId,
      apiId: i.apiId,
    },
    body: i.body,
    isBase64Encoded: i.isBase64Encoded,
  };
}

function findHeader(headers: Record<string, string>, lower: string): string | undefined {
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === lower) return v;
  return undefined;
}
