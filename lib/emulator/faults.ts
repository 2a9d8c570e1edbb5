/**
 * Fault injection for client tests (POST /_binarygate/faults): the next N calls of an operation answer
 * AWS's throttling (429) or concurrent-modification (409) errors, or are delayed. Both control planes call
 * `applyFault` after resolving the operation name, so one rule list serves API Gateway and Lambda.
 */
import { z } from "zod";
import type { EmulatorContext, FaultRule } from "./contracts";
import { AwsError } from "./errors";

/** The body of POST /_binarygate/faults. */
export const FaultRuleSchema = z.strictObject({
  operation: z.string().min(1).max(128),
  times: z.number().int().min(1).max(100_000),
  kind: z.enum(["throttle", "conflict", "delay"]),
  delayMs: z.number().int().min(0).max(120_000).optional(),
  service: z.enum(["apigateway", "lambda"]).optional(),
});

// Keyed by context so several emulators in one process (tests) keep separate rules.
const rulesByContext = new WeakMap<EmulatorContext, FaultRule[]>();

/** Adds a rule for this emulator. */
export function addFault(ctx: EmulatorContext, rule: FaultRule): void {
  const rules = rulesByContext.get(ctx) ?? [];
  rules.push({ ...rule });
  rulesByContext.set(ctx, rules);
}

/** Removes every rule of this emulator. */
export function clearFaults(ctx: EmulatorContext): void {
  rulesByContext.delete(ctx);
}

/** The rules still armed (times left > 0). */
export function listFaults(ctx: EmulatorContext): FaultRule[] {
  return (rulesByContext.get(ctx) ?? []).map((r) => ({ ...r }));
}

/**
 * Call once per control-plane call, after counting it: consumes one matching rule and throws the AWS error
 * it stands for (429 with Retry-After: 1, docs/aws-binary-rules.md §6.4 / §7; 409 concurrent modification), or waits
 * for a delay.
 */
export async function applyFault(
  ctx: EmulatorContext,
  service: "apigateway" | "lambda",
  operation: string,
): Promise<void> {
  const rules = rulesByContext.get(ctx);
  if (!rules || rules.length === 0) return;
  const i = rules.findIndex(
    (r) => (r.operation === "*" || r.operation === operation) && (!r.service || r.service === service),
  );
  if (i < 0) return;
  const rule = rules[i];
  rule.times -= 1;
  if (rule.times <= 0) rules.splice(i, 1);
  if (rule.kind === "delay") {
    await new Promise((r) => setTimeout(r, rule.delayMs ?? 1000));
    return;
  }
  throw faultError(service, rule.kind);
}

function faultError(service: "apigateway" | "lambda", kind: "throttle" | "conflict"): AwsError {
  if (service === "apigateway") {
    return kind === "throttle"
      ? new AwsError(429, "TooManyRequestsException", "Too Many Requests", { headers: { "Retry-After": "1" } })
      : new AwsError(
          409,
          "ConflictException",
          "Unable to complete operation due to concurrent modification. Please try again later.",
        );
  }
  // Lambda's own shapes (docs/aws-binary-rules.md §7): Type/Reason members, lower-case message.
  return kind === "throttle"
    ? new AwsError(429, "TooManyRequestsException", "Rate Exceeded.", {
        extra: { Type: "User", Reason: "CallerRateLimitExceeded" },
        headers: { "Retry-After": "1" },
      })
    : new AwsError(
        409,
        "ResourceConflictException",
        "The operation cannot be performed at this time. An update is in progress for resource.",
        {
          extra: { Type: "User" },
        },
      );
}
