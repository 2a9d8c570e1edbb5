/**
 * Whether a Lambda's resource policy lets API Gateway invoke it (docs/aws-binary-rules.md §7, §10).
 * The evaluation is lib/binary's (one rule, shared with the doctor); this is the data plane's entry point.
 * Without an allowing statement AWS answers the client 500 {"message":"Internal server error"}.
 */
import { executeApiSourceArn, findAllowingStatement, wildcardMatch } from "../../binary";
import type { FunctionPolicy } from "../model";

export { executeApiSourceArn, wildcardMatch };

/** True when some statement allows apigateway.amazonaws.com to call lambda:InvokeFunction for this SourceArn. */
export function apiGatewayMayInvoke(policy: FunctionPolicy | undefined, sourceArn: string, accountId: string): boolean {
  if (!policy) return false;
  return findAllowingStatement(policy.statements, sourceArn, accountId) !== null;
}
