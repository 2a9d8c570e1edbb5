/**
 * Whether a Lambda's resource policy lets API Gateway invoke it (docs/aws-binary-rules.md §7, §10 "Missing
 * Lambda permission"). API Gateway calls Lambda as the service principal `apigateway.amazonaws.com` with
 * SourceArn `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}/{resourcePath}`; Lambda compares
 * it with ArnLike/StringLike (`*`, `?` wildcards). Without an allowing statement the client gets 500
 * {"message":"Internal server error"}. The emulator's data plane calls this same evaluation.
 */
import type { DoctorFinding } from "./types";

const SERVICE = "apigateway.amazonaws.com";

/** One statement of a Lambda resource policy, as GetPolicy's document holds it. */
export interface PolicyStatementLike {
  Sid?: string;
  Effect: string;
  Principal: string | { Service?: string | string[]; AWS?: string | string[] };
  Action: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

/** The SourceArn API Gateway presents when invoking for this request (resource path without leading "/"). */
export function executeApiSourceArn(
  region: string,
  accountId: string,
  apiId: string,
  stage: string,
  method: string,
  resourcePath: string,
): string {
  return `arn:aws:execute-api:${region}:${accountId}:${apiId}/${stage}/${method}/${resourcePath.replace(/^\//, "")}`;
}

/** The parts of an execute-api ARN, or null when `arn` is not one. */
export function parseExecuteApiArn(arn: string): {
  partition: string;
  region: string;
  accountId: string;
  apiId: string;
  stage: string;
  method: string;
  path: string;
} | null {
  const m = /^arn:(aws[a-z-]*):execute-api:([a-z0-9-]+):(\d{12}):([a-z0-9]+)\/([^/]+)\/([^/]+)\/(.*)$/.exec(arn);
  if (!m) return null;
  return { partition: m[1], region: m[2], accountId: m[3], apiId: m[4], stage: m[5], method: m[6], path: m[7] };
}

/** IAM's `*`/`?` wildcard match (case-sensitive, as ArnLike/StringLike; `*` spans "/"). */
export function wildcardMatch(pattern: string, value: string): boolean {
  // Iterative glob match: O(n·m) worst case, no regex built from user input.
  let p = 0;
  let v = 0;
  let star = -1;
  let mark = 0;
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

function actionCovers(action: string | string[]): boolean {
  const list = Array.isArray(action) ? action : [action];
  return list.some((a) => typeof a === "string" && wildcardMatch(a.toLowerCase(), "lambda:invokefunction"));
}

function principalIsApiGateway(p: PolicyStatementLike["Principal"]): boolean {
  if (p === null || typeof p !== "object" || !("Service" in p)) return false;
  return Array.isArray(p.Service) ? p.Service.includes(SERVICE) : p.Service === SERVICE;
}

/** Checks one condition block against the request's SourceArn (SourceAccount is compared to the account). */
function conditionHolds(cond: PolicyStatementLike["Condition"], sourceArn: string, accountId: string): boolean {
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

function applies(s: PolicyStatementLike, sourceArn: string, accountId: string): boolean {
  return (
    principalIsApiGateway(s.Principal) && actionCovers(s.Action) && conditionHolds(s.Condition, sourceArn, accountId)
  );
}

/** The statement that lets API Gateway invoke for this SourceArn, or null; an applicable Deny always wins (IAM). */
export function findAllowingStatement(
  statements: readonly PolicyStatementLike[],
  sourceArn: string,
  accountId: string,
): PolicyStatementLike | null {
  if (statements.some((s) => s.Effect === "Deny" && applies(s, sourceArn, accountId))) return null;
  return statements.find((s) => s.Effect === "Allow" && applies(s, sourceArn, accountId)) ?? null;
}

/** The AddPermission call that lets this API invoke the function for the method, on every stage. */
export interface AddPermissionFix {
  FunctionName: string;
  StatementId: string;
  Action: "lambda:InvokeFunction";
  Principal: typeof SERVICE;
  SourceArn: string;
}

/**
 * The AddPermission input that fixes a missing permission, scoped to the API and method (any stage, so the
 * console's test-invoke-stage works too; any resource path of that method, since IAM's `*` spans "/").
 */
export function addPermissionFix(functionName: string, methodArn: string): AddPermissionFix | null {
  const a = parseExecuteApiArn(methodArn);
  if (!a) return null;
  const method = a.method === "*" ? "ANY" : a.method;
  return {
    FunctionName: functionName,
    StatementId: `binarygate-apigateway-${a.apiId}-${method.toLowerCase()}`,
    Action: "lambda:InvokeFunction",
    Principal: SERVICE,
    SourceArn: `arn:${a.partition}:execute-api:${a.region}:${a.accountId}:${a.apiId}/*/${a.method}/*`,
  };
}

/** Reads GetPolicy's `Policy` (a JSON string) or an already-parsed document into its statements; null if unreadable. */
export function policyStatements(policy: string | { Statement?: unknown } | null): PolicyStatementLike[] | null {
  if (policy === null) return [];
  let doc: unknown = policy;
  if (typeof policy === "string") {
    try {
      doc = JSON.parse(policy);
    } catch {
      return null;
    }
  }
  if (doc === null || typeof doc !== "object") return null;
  const st = (doc as { Statement?: unknown }).Statement;
  if (st === undefined) return [];
  const list = Array.isArray(st) ? st : [st];
  return list.every((s) => s !== null && typeof s === "object") ? (list as PolicyStatementLike[]) : null;
}

/**
 * The permission layer's finding: does the policy (GetPolicy's text, or null when the function has none) let
 * API Gateway invoke the function for `methodArn` (arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/…)?
 */
export function checkPermission(functionName: string, policy: string | null, methodArn: string): DoctorFinding {
  const arn = parseExecuteApiArn(methodArn);
  if (!arn) {
    return {
      id: "permission.invoke",
      layer: "permission",
      status: "not-checked",
      cause: `${JSON.stringify(methodArn)} is not a method's execute-api ARN (arn:aws:execute-api:…).`,
    };
  }
  const statements = policyStatements(policy);
  if (statements === null) {
    return {
      id: "permission.invoke",
      layer: "permission",
      status: "not-checked",
      cause: "The function's resource policy is not a readable JSON policy document.",
    };
  }
  const allowing = findAllowingStatement(statements, methodArn, arn.accountId);
  if (allowing) {
    const sid = allowing.Sid ? ` (statement "${allowing.Sid}")` : "";
    return {
      id: "permission.invoke",
      layer: "permission",
      status: "passed",
      cause: `The function's resource policy lets API Gateway invoke it for ${methodArn}${sid}.`,
    };
  }
  const fix = addPermissionFix(functionName, methodArn);
  const cause =
    statements.length === 0
      ? "The function has no resource policy, so Lambda refuses API Gateway's call and the client gets 500."
      : `No statement of the function's resource policy lets apigateway.amazonaws.com invoke it for ${methodArn}, ` +
        "so Lambda refuses the call and the client gets 500.";
  return {
    id: "permission.invoke",
    layer: "permission",
    status: "failed",
    cause,
    fix:
      `Add a permission: aws lambda add-permission --function-name ${fix?.FunctionName} --statement-id ` +
      `${fix?.StatementId} --action lambda:InvokeFunction --principal ${SERVICE} --source-arn "${fix?.SourceArn}"`,
  };
}
