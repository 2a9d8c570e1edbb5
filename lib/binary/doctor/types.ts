/**
 * The doctor's vocabulary: one finding per check, each naming the layer that failed
 * (docs/real-world-failures.md §docs/aws-binary-rules.md P5, "the only way to say which layer failed"). Plain types:
 * the checks are pure and run in the browser too.
 */

/** Where along the request's path a problem sits. */
export type Layer = "lambda" | "adapter" | "permission" | "apigateway" | "size" | "compression" | "upload";

/** passed / failed, or not-checked when the check could not run (no data, or it does not apply). */
export type FindingStatus = "passed" | "failed" | "not-checked";

/** One check's outcome: what was checked, the cause in one sentence, and the exact change that fixes it. */
export interface DoctorFinding {
  /** Stable id, e.g. "lambda.base64-flag"; the UI keys on it. */
  id: string;
  layer: Layer;
  status: FindingStatus;
  /** One sentence: what was found (for a failure, why it breaks). */
  cause: string;
  /** For a failure: the exact setting or code change; absent when passed. */
  fix?: string;
}
