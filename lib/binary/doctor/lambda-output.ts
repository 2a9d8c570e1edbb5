/**
 * The doctor's first layer: the raw JSON a Lambda proxy handler returned (as Lambda `Invoke` gives it), read
 * the way API Gateway reads it (docs/aws-binary-rules.md §1, §8; docs/real-world-failures.md §P5, §P9). The
 * 502/500 rules themselves live in ../response.ts; this file only names which part of the output broke them.
 */
import { firstAcceptValue } from "../accept";
import { decodeBase64Strict, describeBase64Problem } from "../base64";
import { LAMBDA_RESPONSE_LIMIT_BYTES, REQUEST_BODY_LIMIT_BYTES } from "../limits";
import { findBinaryMatch } from "../match";
import { lambdaResultToResponse } from "../response";
import { detectBase64Binary, sniffFormat } from "../sniff";
import { utf8Encode } from "../utf8";
import { countReplacementChars } from "../verdict";
import type { DoctorFinding } from "./types";

/** What the doctor knows about one direct invocation of the function. */
export interface LambdaOutputInput {
  /** The Invoke response's Payload as text: the handler's JSON result, or the runtime's error JSON. */
  payload: string;
  /** Invoke's FunctionError ("Unhandled", "Handled"), when the invocation failed. */
  functionError?: string | null;
  /** The client's Accept header (only its first value counts, docs/aws-binary-rules.md §0). */
  accept: string | null;
  /** The stage's deployed binary media types. */
  binaryMediaTypes: readonly string[];
}

const fmt = (n: number) => n.toLocaleString("en-US");
const EXAMPLE_RESULT =
  '{ statusCode: 200, headers: { "Content-Type": "image/png" }, body: bytes.toString("base64"), ' +
  "isBase64Encoded: true }";
const STREAM_FIX =
  "Stream the response (set the integration's responseTransferMode to STREAM: up to 200 MB, no binary media " +
  "types needed) or return a pre-signed S3 URL instead of the bytes.";

/** Checks a Lambda's raw proxy output: one finding per way it breaks API Gateway's conversion (docs/aws-binary-rules.md §1). */
export function checkLambdaOutput(input: LambdaOutputInput): DoctorFinding[] {
  const payloadBytes = utf8Encode(input.payload).length;
  if (input.functionError) {
    const tooLarge = /Function\.ResponseSizeTooLarge|payload size exceeded/.test(input.payload);
    const size = sizeFinding(payloadBytes, false, tooLarge);
    // An oversize result is reported by Lambda as a function error; the layer at fault is the size.
    return size.status === "failed" ? [size] : [invokeErrorFinding(input), size];
  }
  let result: unknown;
  try {
    result = JSON.parse(input.payload);
  } catch {
    return [
      {
        id: "lambda.json",
        layer: "lambda",
        status: "failed",
        cause: "The function's output is not JSON, so API Gateway cannot read it and answers 502.",
        fix: `Return a JSON object such as ${EXAMPLE_RESULT}.`,
      },
      sizeFinding(payloadBytes, false, false),
    ];
  }
  const r =
    result !== null && typeof result === "object" && !Array.isArray(result)
      ? (result as Record<string, unknown>)
      : null;
  const findings: DoctorFinding[] = [];
  const explained = statusAndHeaderFindings(r, result, input, findings);
  const converted = lambdaResultToResponse(result, input.accept, input.binaryMediaTypes);
  if (converted.kind === "error" && converted.reason === "malformed-result") {
    if (!explained) {
      findings.push({
        id: "lambda.proxy-result",
        layer: "lambda",
        status: "failed",
        cause: `API Gateway answers 502 because the result is malformed: ${converted.detail}.`,
        fix: `Return only statusCode, headers, multiValueHeaders, body and isBase64Encoded, e.g. ${EXAMPLE_RESULT}.`,
      });
    }
  } else {
    findings.push({
      id: "lambda.proxy-result",
      layer: "lambda",
      status: "passed",
      cause: `API Gateway accepts the result's shape (status ${converted.statusCode}).`,
    });
  }
  if (r !== null && typeof r.body === "string") findings.push(...bodyFindings(r.body, r.isBase64Encoded, input));
  findings.push(sizeFinding(payloadBytes, r?.isBase64Encoded === true, false));
  return findings;
}

function invokeErrorFinding(input: LambdaOutputInput): DoctorFinding {
  let message = "";
  try {
    const e = JSON.parse(input.payload) as { errorType?: unknown; errorMessage?: unknown };
    if (typeof e.errorMessage === "string")
      message = `: ${typeof e.errorType === "string" ? `${e.errorType}: ` : ""}${e.errorMessage}`;
  } catch {
    /* the error payload is not JSON: the FunctionError alone says enough */
  }
  return {
    id: "lambda.invoke-error",
    layer: "lambda",
    status: "failed",
    cause: `The function failed (FunctionError ${input.functionError}${message}), so API Gateway answers 502.`,
    fix: "Fix the error in the function's code; its CloudWatch log has the stack trace.",
  };
}

/** statusCode and array-valued headers; returns true when a failure here already explains a 502. */
function statusAndHeaderFindings(
  r: Record<string, unknown> | null,
  result: unknown,
  input: LambdaOutputInput,
  out: DoctorFinding[],
): boolean {
  let explained = false;
  const hasStatus = r !== null && r.statusCode !== undefined && r.statusCode !== null;
  if (!hasStatus) {
    // {} and non-objects answer 502; a result with other proxy keys gets the default 200 (../response.ts).
    const converted = lambdaResultToResponse(result, input.accept, input.binaryMediaTypes);
    const fails = converted.kind === "error" && converted.reason === "malformed-result";
    explained = fails;
    out.push(
      fails
        ? {
            id: "lambda.status-code",
            layer: "lambda",
            status: "failed",
            cause:
              `The result has no statusCode and is not a proxy result (${converted.detail}), ` +
              "so API Gateway answers 502.",
            fix: `Return a proxy result object, e.g. ${EXAMPLE_RESULT}, not the bare body.`,
          }
        : {
            id: "lambda.status-code",
            layer: "lambda",
            status: "passed",
            cause: "The result has no statusCode, so API Gateway answers with the default 200; set it explicitly.",
          },
    );
  }
  const headers = r?.headers;
  if (headers !== null && typeof headers === "object" && !Array.isArray(headers)) {
    const lists = Object.entries(headers)
      .filter(([, v]) => Array.isArray(v))
      .map(([k]) => k);
    if (lists.length > 0) {
      explained = true;
      const names = lists.map((k) => `"${k}"`).join(", ");
      out.push({
        id: "lambda.headers",
        layer: "lambda",
        status: "failed",
        cause: `headers ${names} ${lists.length > 1 ? "hold lists" : "holds a list"}: API Gateway answers 502.`,
        fix: `Move ${names} from headers to multiValueHeaders (e.g. { "Set-Cookie": ["a=1", "b=2"] }).`,
      });
    } else {
      out.push({
        id: "lambda.headers",
        layer: "lambda",
        status: "passed",
        cause: "Every value in headers is a single string.",
      });
    }
  }
  return explained;
}

function bodyFindings(body: string, flag: unknown, input: LambdaOutputInput): DoctorFinding[] {
  const bytes = utf8Encode(body);
  const out: DoctorFinding[] = [];
  const mangled = countReplacementChars(bytes);
  out.push(
    mangled > 0
      ? {
          id: "lambda.mangled-binary",
          layer: "lambda",
          status: "failed",
          cause:
            `The body holds ${fmt(mangled)} U+FFFD replacement character${mangled === 1 ? "" : "s"}: ` +
            "binary bytes were decoded as UTF-8 text before the handler returned them, and cannot be recovered.",
          fix:
            "Keep the bytes as bytes and return them base64-encoded with isBase64Encoded: true " +
            '(Node: Buffer.from(bytes).toString("base64"); Python: base64.b64encode(data).decode()).',
        }
      : {
          id: "lambda.mangled-binary",
          layer: "lambda",
          status: "passed",
          cause: "The body has no U+FFFD replacement characters.",
        },
  );
  if (flag === true) out.push(base64ValidFinding(body, input));
  else {
    const found = detectBase64Binary(bytes);
    const flagText = flag === undefined ? "missing" : `${JSON.stringify(flag)}, not true`;
    out.push(
      found
        ? {
            id: "lambda.base64-flag",
            layer: "lambda",
            status: "failed",
            cause:
              `The body is base64 of a ${found.format.label} but isBase64Encoded is ${flagText}, so API Gateway ` +
              "sends the base64 text to every client instead of the file.",
            fix: "Add isBase64Encoded: true to the result (and list the type in the adapter's binary setting).",
          }
        : {
            id: "lambda.base64-flag",
            layer: "lambda",
            status: "passed",
            cause: `isBase64Encoded is ${flagText}, and the body is not base64 of a known binary format.`,
          },
    );
  }
  return out;
}

function base64ValidFinding(body: string, input: LambdaOutputInput): DoctorFinding {
  const decoded = decodeBase64Strict(body);
  const acceptKey = firstAcceptValue(input.accept);
  const match = findBinaryMatch(acceptKey, input.binaryMediaTypes);
  if (decoded === null) {
    const effect = match
      ? `this client's first Accept value matches \`${match}\`, so API Gateway answers 500`
      : "this client gets the text as-is, but any client whose first Accept value matches a binary media type gets 500";
    return {
      id: "lambda.base64-valid",
      layer: "lambda",
      status: "failed",
      cause: `isBase64Encoded is true but the body is ${describeBase64Problem(body)}; ${effect}.`,
      fix: "Encode the body with standard, padded base64 on one line (+ and /, no line breaks, no URL-safe - and _).",
    };
  }
  const format = sniffFormat(decoded);
  const label = format ? ` (${format.label})` : "";
  return {
    id: "lambda.base64-valid",
    layer: "lambda",
    status: "passed",
    cause: `isBase64Encoded is true and the body decodes to ${fmt(decoded.length)} bytes${label}.`,
  };
}

/** Lambda's 6,291,556-byte response limit, and the room base64 leaves (docs/real-world-failures.md §P9). */
function sizeFinding(payloadBytes: number, base64: boolean, runtimeSaysTooLarge: boolean): DoctorFinding {
  const limit = LAMBDA_RESPONSE_LIMIT_BYTES;
  // Lambda replaces an oversize result with a Function.ResponseSizeTooLarge error, so the payload we see is small.
  if (payloadBytes > limit || runtimeSaysTooLarge) {
    return {
      id: "size.lambda-response",
      layer: "size",
      status: "failed",
      cause: runtimeSaysTooLarge
        ? `The function's result exceeded Lambda's ${fmt(limit)}-byte response limit, so API Gateway answers 502.`
        : `The result is ${fmt(payloadBytes)} bytes, over Lambda's ${fmt(limit)}-byte response limit, so API ` +
          "Gateway answers 502 (base64 makes a binary body 4/3 of its size).",
      fix: STREAM_FIX,
    };
  }
  const room = limit - payloadBytes;
  const rawRoom = Math.floor((room * 3) / 4);
  const note = base64
    ? `${fmt(room)} bytes below the limit, room for about ${fmt(rawRoom)} more bytes of file once base64-encoded`
    : `${fmt(room)} bytes below the limit`;
  return {
    id: "size.lambda-response",
    layer: "size",
    status: "passed",
    cause:
      `The result is ${fmt(payloadBytes)} of Lambda's ${fmt(limit)} bytes (${note}); Lambda's limit binds ` +
      `before API Gateway's ${fmt(REQUEST_BODY_LIMIT_BYTES)} bytes, and only streaming lifts both.`,
  };
}
