/**
 * AWS's size and time limits that the binary path runs into (docs/aws-binary-rules.md §8).
 * Constants only: the emulator enforces them, the dashboard explains them.
 */

/**
 * REST API payload limit: 10 MB, not raisable; above it the edge answers 413 (docs/aws-binary-rules.md §8, [A10][C18]).
 */
export const REQUEST_BODY_LIMIT_BYTES = 10_485_760;

/** Lambda synchronous invoke request payload limit: 6 MB (docs/aws-binary-rules.md §8, [A22][M2]). */
export const LAMBDA_REQUEST_LIMIT_BYTES = 6_291_456;

/**
 * Lambda synchronous response limit, exactly 6,291,556 bytes; above it API Gateway answers 502
 * (docs/aws-binary-rules.md §8, [C19]).
 */
export const LAMBDA_RESPONSE_LIMIT_BYTES = 6_291_556;

/**
 * Default (and, for edge APIs, maximum) REST integration timeout: 29 s → 504 (docs/aws-binary-rules.md §8, [A10][M1]).
 */
export const DEFAULT_INTEGRATION_TIMEOUT_MS = 29_000;

/**
 * Smallest integration timeout API Gateway accepts: 50 ms (docs/aws-binary-rules.md §6, PutIntegration
 * timeoutInMillis).
 */
export const MIN_INTEGRATION_TIMEOUT_MS = 50;

/**
 * Length cap this project applies to one binary media type entry (AWS documents none, docs/aws-binary-rules.md §8; see
 * media-type.ts).
 */
export const MEDIA_TYPE_MAX_LENGTH = 255;
