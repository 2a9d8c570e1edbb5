/**
 * A function's resource-based policy (docs/aws-binary-rules.md §7): AddPermission, RemovePermission, GetPolicy. The
 * data plane reads these statements to refuse invocation when API Gateway is not allowed (docs/architecture.md), so
 * they are stored exactly as Lambda writes them.
 */
import { randomUUID } from "node:crypto";
import type { AwsCall, AwsReply, EmulatorContext } from "../contracts";
import { regionOf, type PolicyStatement } from "../model";
import {
  functionNotFound,
  invalidParameter,
  resourceConflict,
  resourceNotFound,
  revisionMismatch,
  validationError,
} from "./errors";
import { getFunctionRecord } from "./functions";
import { functionArn } from "./names";
import { AddPermissionSchema, parseJsonBody, parseShape } from "./schemas";

const STATEMENT_ID = /^[a-zA-Z0-9\-_.]{1,100}$/;
const ACTION = /^(lambda:[*]|lambda:[a-zA-Z]+|[*])$/;
const SOURCE_ARN_TEXT = "arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\\-])+:([a-z]{2}(-gov)?-[a-z]+-\\d{1})?:(\\d{12})?:(.*)";
const SOURCE_ARN = new RegExp(`^${SOURCE_ARN_TEXT}$`);

/** Lambda's Principal element: a service, an account (as its root ARN), an ARN, or everyone. */
export function principalOf(principal: string): PolicyStatement["Principal"] {
  if (/^\d{12}$/.test(principal)) return { AWS: `arn:aws:iam::${principal}:root` };
  if (principal === "*" || principal.startsWith("arn:")) return { AWS: principal };
  return { Service: principal };
}

/** The policy document GetPolicy returns, as a JSON string. */
export function policyDocument(statements: PolicyStatement[]): string {
  return JSON.stringify({ Version: "2012-10-17", Id: "default", Statement: statements });
}

/** AddPermission: POST …/policy → 201 {"Statement": "<json string>"}. */
export async function addPermission(
  ctx: EmulatorContext,
  call: AwsCall,
  name: string,
  qualifier: string | undefined,
): Promise<AwsReply> {
  const input = parseShape(AddPermissionSchema, parseJsonBody(call.body), "AddPermission");
  const region = call.region;
  if (qualifier === "$LATEST") throw invalidParameter("We currently do not support adding policies for $LATEST.");
  const fn = getFunctionRecord(ctx, region, name);
  if (!STATEMENT_ID.test(input.StatementId)) {
    throw validationError(
      "statementId",
      input.StatementId,
      input.StatementId.length > 100 || input.StatementId.length === 0
        ? "Member must have length between 1 and 100"
        : "Member must satisfy regular expression pattern: ([a-zA-Z0-9-_.]+)",
    );
  }
  if (!ACTION.test(input.Action)) {
    throw validationError(
      "action",
      input.Action,
      "Member must satisfy regular expression pattern: (lambda:[*]|lambda:[a-zA-Z]+|[*])",
    );
  }
  if (!/^[^\s]+$/.test(input.Principal)) {
    throw validationError("principal", input.Principal, "Member must satisfy regular expression pattern: [^\\s]+");
  }
  if (input.SourceArn !== undefined && !SOURCE_ARN.test(input.SourceArn)) {
    throw validationError(
      "sourceArn",
      input.SourceArn,
      `Member must satisfy regular expression pattern: ${SOURCE_ARN_TEXT}`,
    );
  }
  if (input.SourceAccount !== undefined && !/^\d{12}$/.test(input.SourceAccount)) {
    throw validationError(
      "sourceAccount",
      input.SourceAccount,
      "Member must satisfy regular expression pattern: \\d{12}",
    );
  }
  if (
    input.FunctionUrlAuthType !== undefined &&
    input.FunctionUrlAuthType !== "NONE" &&
    input.FunctionUrlAuthType !== "AWS_IAM"
  ) {
    throw validationError(
      "functionUrlAuthType",
      input.FunctionUrlAuthType,
      "Member must satisfy enum value set: [NONE, AWS_IAM]",
    );
  }

  // Condition operators as Lambda writes them: SourceArn is matched with ArnLike (wildcards), the rest exactly.
  const condition: Record<string, Record<string, string>> = {};
  const equals = (key: string, value: string) => ((condition.StringEquals ??= {})[key] = value);
  if (input.SourceAccount !== undefined) equals("AWS:SourceAccount", input.SourceAccount);
  if (input.PrincipalOrgID !== undefined) equals("aws:PrincipalOrgID", input.PrincipalOrgID);
  if (input.EventSourceToken !== undefined) equals("lambda:EventSourceToken", input.EventSourceToken);
  if (input.FunctionUrlAuthType !== undefined) equals("lambda:FunctionUrlAuthType", input.FunctionUrlAuthType);
  if (input.SourceArn !== undefined) condition.ArnLike = { "AWS:SourceArn": input.SourceArn };
  const statement: PolicyStatement = {
    Sid: input.StatementId,
    Effect: "Allow",
    Principal: principalOf(input.Principal),
    Action: input.Action,
    Resource: fn.arn,
    ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
  };

  await ctx.store.mutate((draft) => {
    const stored = regionOf(draft, region).functions[name];
    if (!stored) throw functionNotFound(functionArn(region, ctx.config.accountId, name));
    if (input.RevisionId !== undefined && input.RevisionId !== stored.revisionId) throw revisionMismatch();
    if (stored.policy?.statements.some((s) => s.Sid === input.StatementId)) {
      throw resourceConflict(
        `The statement id (${input.StatementId}) provided already exists. Please provide a new statement id, or remove the existing statement.`,
      );
    }
    // A policy change is a new revision of the function (GetFunction's RevisionId changes too).
    const revisionId = randomUUID();
    stored.policy = { revisionId, statements: [...(stored.policy?.statements ?? []), statement] };
    stored.revisionId = revisionId;
  });
  return { status: 201, body: { Statement: JSON.stringify(statement) } };
}

/** RemovePermission: DELETE …/policy/{sid} → 204; the policy disappears with its last statement. */
export async function removePermission(
  ctx: EmulatorContext,
  call: AwsCall,
  name: string,
  qualifier: string | undefined,
  statementId: string,
): Promise<AwsReply> {
  const region = call.region;
  if (qualifier === "$LATEST") throw invalidParameter("We currently do not support removing policies for $LATEST.");
  getFunctionRecord(ctx, region, name);
  const revision = call.url.searchParams.get("RevisionId");
  await ctx.store.mutate((draft) => {
    const stored = regionOf(draft, region).functions[name];
    if (!stored) throw functionNotFound(functionArn(region, ctx.config.accountId, name));
    if (revision !== null && revision !== stored.revisionId) throw revisionMismatch();
    const statements = stored.policy?.statements ?? [];
    if (!statements.some((s) => s.Sid === statementId)) {
      throw resourceNotFound(`Statement ${statementId} is not found in resource policy.`);
    }
    const rest = statements.filter((s) => s.Sid !== statementId);
    const revisionId = randomUUID();
    if (rest.length === 0) delete stored.policy;
    else stored.policy = { revisionId, statements: rest };
    stored.revisionId = revisionId;
  });
  return { status: 204 };
}

/** GetPolicy: 200 {"Policy": "<json string>", "RevisionId"} (the function's current revision); no policy → AWS's 404. */
export async function getPolicy(
  ctx: EmulatorContext,
  call: AwsCall,
  name: string,
  qualifier: string | undefined,
): Promise<AwsReply> {
  const fn = getFunctionRecord(ctx, call.region, name);
  // Qualified policies do not exist here (no versions/aliases); $LATEST has none of its own on AWS either.
  if (qualifier !== undefined || !fn.policy || fn.policy.statements.length === 0) {
    throw resourceNotFound("The resource you requested does not exist.");
  }
  return { status: 200, body: { Policy: policyDocument(fn.policy.statements), RevisionId: fn.revisionId } };
}
