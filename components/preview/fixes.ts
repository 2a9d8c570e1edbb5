import type { FixSuggestion, Verdict } from "@/lib/binary/verdict";
import type { PreviewFix } from "@/lib/preview/fix-input";

/** A fix the preview can apply itself, with what the button says and what it changes. */
export type FixStep =
  | { kind: "add-type-and-redeploy"; mediaType: string; stage: string; sideEffect: string }
  | { kind: "add-type"; mediaType: string; sideEffect: string }
  | { kind: "redeploy"; stage: string; why: string };

/** The verdict's fixes arranged for buttons: one primary that really fixes, alternatives, and manual steps. */
export interface FixPlan {
  primary: FixStep | null;
  alternatives: FixStep[];
  /** One step at a time (add only; the redeploy is then offered on its own by the next verdict). */
  steps: FixStep[];
  manual: Extract<FixSuggestion, { kind: "set-isBase64Encoded" | "send-accept" }>[];
}

/**
 * Never a button that cannot fix: a redeploy alone is offered only when the API's current types already
 * match (the verdict then suggests no type); otherwise the primary fix adds the type AND redeploys.
 */
export function planFixes(verdict: Verdict): FixPlan {
  const adds = verdict.fixes.filter((f): f is Extract<FixSuggestion, { kind: "add-type" }> => f.kind === "add-type");
  const redeploy = verdict.fixes.find((f): f is Extract<FixSuggestion, { kind: "redeploy" }> => f.kind === "redeploy");
  const manual = verdict.fixes.filter(
    (f): f is FixPlan["manual"][number] => f.kind === "set-isBase64Encoded" || f.kind === "send-accept",
  );
  if (!redeploy) return { primary: null, alternatives: [], steps: [], manual };
  if (adds.length === 0) {
    return {
      primary: { kind: "redeploy", stage: redeploy.stage, why: redeploy.why },
      alternatives: [],
      steps: [],
      manual,
    };
  }
  const combined = adds.map(
    (a): FixStep => ({
      kind: "add-type-and-redeploy",
      mediaType: a.mediaType,
      stage: redeploy.stage,
      sideEffect: a.sideEffect,
    }),
  );
  const steps = adds.map((a): FixStep => ({ kind: "add-type", mediaType: a.mediaType, sideEffect: a.sideEffect }));
  return { primary: combined[0], alternatives: combined.slice(1), steps, manual };
}

/** The button's words for a step. */
export function fixLabel(step: FixStep): string {
  if (step.kind === "add-type-and-redeploy") return `Add ${step.mediaType} and redeploy ${step.stage}`;
  if (step.kind === "add-type") return `Only add ${step.mediaType}`;
  return `Redeploy ${step.stage}`;
}

/** The typed input of the server action for a step. */
export function toFixInput(step: FixStep, region: string, apiId: string): PreviewFix {
  if (step.kind === "add-type-and-redeploy") {
    return { kind: step.kind, region, apiId, mediaType: step.mediaType, stageName: step.stage };
  }
  if (step.kind === "add-type") return { kind: "add-type", region, apiId, mediaType: step.mediaType };
  return { kind: "redeploy", region, apiId, stageName: step.stage };
}
