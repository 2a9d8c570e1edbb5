/**
 * Whether a Lambda's resource policy lets API Gateway invoke it (spec §7, §10 "Missing Lambda permission").
 * API Gateway calls Lambda as the service principal `apigateway.amazonaws.com` with
 * SourceArn `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}/{resourcePath}`; Lambda
 * compares it with ArnLike/StringLike (`*`, `?` wildcards). Without an allowing statement AWS answers
 * the client 500 {"message":"Internal server error"} [A19][E2].
 */
import type { FunctionPolicy, PolicyStatement } from "../model";

const SERVICE = "apigateway.amazonaws.com";

/** The SourceArn API Gateway presents when invoking for this request (resource path without leading "/"). */
export function executeApiSourceArn(region: string, accountId: string, apiId: string, stage: string, method: string, resourcePath: string): string {
  return `arn:aws:execute-api:${region}:${accountId}:${apiId}/${stage}/${method}/${resourcePath.replace(/^\//, "")}`;
}

/** IAM's `*`/`?` wildcard match (case-sensitive, as ArnLike/StringLike). */
export function wildcardMatch(pattern: string, value: string): boolean {
  // Iterative glob match: O(n·m) worst case, no regex built from user input.
  let p = 0, v = 0, star = -1, mark = 0;
  while (v < value.length) {
    if (p < pattern.length && (pattern[p] === "?" || pattern[p] === value[v])) {
      p++;
      v++;
    } else if (p < pattern.length && pattern[p] === "*") {
      star = p++;
      mark = v;
    } else if (star !== -1) {
      p = star + 1;
      v = ++mark;
    } else return false;
  }
  while (p < pattern.length && pattern[p] === "*") p++;
  return p === pattern.length;
}

function actionAllows(action: string | string[]): boolean {
  const list = Array.isArray(action) ? action : [action];
  return list.some((a) => wildcardMatch(a.toLowerCase(), "lambda:invokefunction"));
}

function principalIsApiGateway(p: PolicyStatement["Principal"]): boolean {
  if (!("Service" in p)) return false;
  return Array.isArray(p.Service) ? p.Service.includes(SERVICE) : p.Service === SERVICE;
}

/** Checks one condition block against the request's SourceArn (SourceAccount is compared to the account). */
function conditionAllows(cond: PolicyStatement["Condition"], sourceArn: string, accountId: string): boolean {
  if (!cond) return true;
  for (const [op, entries] of Object.entries(cond)) {
    for (const [key, expected] of Object.entries(entries)) {
      const k = key.toLowerCase();
      const actual = k === "aws:sourcearn" ? sourceArn : k === "aws:sourceaccount" ? accountId : undefined;
      if (actual === undefined) return false; // a key API Gateway does not supply cannot be satisfied
      const values = Array.isArray(expected) ? expected : [expected];
      const like = op === "ArnLike" || op === "StringLike";
      const equals = op === "ArnEquals" || op === "StringEquals";
      if (!like && !equals) return false;
      if (!values.some((e) => (like ? wildcardMatch(e, actual) : e === actual))) return false;
    }
  }
  return true;
}

/** True when some statement allows apigateway.amazonaws.com to call lambda:InvokeFunction for this SourceArn. */
export function apiGatewayMayInvoke(policy: FunctionPolicy | undefined, sourceArn: string, accountId: string): boolean {
  if (!policy) return false;
  return policy.statements.some(
    (s) =>
      s.Effect === "Allow" &&
      principalIsApiGateway(s.Principal) &&
      actionAllows(s.Action) &&
      conditionAllows(s.Condition, sourceArn, accountId),
  );
}
