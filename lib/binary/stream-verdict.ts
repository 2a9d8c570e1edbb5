/**
 * What the preview says about a response from a STREAM method (docs/streaming.md §0.6, §0.7, §2.3, §7.3): base64
 * text streamed as a file, a missing or broken prelude, a buffered handler behind a STREAM integration, a mode
 * change not yet deployed, and binary media types that no longer apply. Pure: it combines lib/binary's rules.
 */
import { contentTypeKey } from "./accept";
import { detectBase64Binary } from "./sniff";
import { createPreludeScanner, type PreludeProblem } from "./stream-prelude";
import type { TransferMode } from "./transfer-mode";
import { utf8Decode } from "./utf8";

/** The kinds of finding, most serious first in `streamFindings`' output. */
export type StreamFindingKind =
  | "stream-not-deployed"
  | "buffered-handler"
  | "missing-prelude"
  | "bad-prelude"
  | "base64-in-stream"
  | "binary-media-types-ignored";

/** One thing the preview tells the user about a streamed response. */
export interface StreamFinding {
  kind: StreamFindingKind;
  severity: "error" | "warning" | "info";
  /** The rule, in the user's words. */
  message: string;
  /** The prelude problem behind missing-prelude / bad-prelude, when the function's output was seen. */
  problem?: PreludeProblem;
}

/** What is known about one request to a method. */
export interface StreamVerdictInput {
  /** The integration's mode in the API now. */
  currentMode: TransferMode;
  /** The mode in the deployment the stage serves (what decides). */
  deployedMode: TransferMode;
  /** The deployed binaryMediaTypes. */
  binaryMediaTypes: readonly string[];
  /** What the client got: status, Content-Type (null = none) and the first bytes of the body. */
  status: number;
  contentType: string | null;
  body: Uint8Array;
  /**
   * What the function itself wrote (InvokeWithResponseStream), prelude included: all of it, or at least its first
   * 16 KB; null = not seen.
   */
  functionOutput: Uint8Array | null;
}

/** How many leading body bytes the base64 check reads: enough to sniff any known signature. */
const BASE64_PREFIX_BYTES = 4096;
const B64_TEXT = /^[A-Za-z0-9+/]{16,}={0,2}$/;
const GATEWAY_500_BODY = '{"message": "Internal server error"}';

/** The findings for one streamed (or to-be-streamed) response, most serious first. */
export function streamFindings(input: StreamVerdictInput): StreamFinding[] {
  const out: StreamFinding[] = [];
  if (input.currentMode !== input.deployedMode) out.push(notDeployed(input));
  if (input.deployedMode !== "STREAM") return out;
  out.push(...outputFindings(input));
  const type = contentTypeKey(input.contentType) ?? "";
  if (input.status < 400 && (type.startsWith("image/") || type === "application/pdf") && looksBase64(input.body)) {
    out.push({
      kind: "base64-in-stream",
      severity: "error",
      message:
        `Your handler writes base64 into the stream: the client gets base64 text labelled ${type}. ` +
        "A streamed body reaches the client unchanged, so write the file's bytes, not base64.",
    });
  }
  out.push({
    kind: "binary-media-types-ignored",
    severity: "info",
    message:
      input.binaryMediaTypes.length > 0
        ? "Binary media types do not apply to this streamed method: the bytes the handler writes reach the client " +
          "unchanged, whatever Accept says."
        : "Streamed responses need no binary media types: the bytes the handler writes reach the client unchanged.",
  });
  return out;
}

function notDeployed(input: StreamVerdictInput): StreamFinding {
  const message =
    input.currentMode === "STREAM"
      ? "The integration is set to stream, but the stage still serves a buffered deployment: " +
        "deploy the API to make streaming live. " +
        "Until then a streaming handler's answer arrives with its status and headers but an empty body."
      : "The integration is set back to buffered, but the stage still streams: deploy the API to make the change live.";
  return { kind: "stream-not-deployed", severity: "error", message };
}

/** What the function's own output (or, without it, the gateway's 500/502) says about the prelude. */
function outputFindings(input: StreamVerdictInput): StreamFinding[] {
  if (input.functionOutput === null) {
    const gateway500 = (input.status === 500 || input.status === 502) && utf8Decode(input.body) === GATEWAY_500_BODY;
    if (!gateway500) return [];
    return [
      {
        kind: "missing-prelude",
        severity: "warning",
        message:
          "The stage answered Internal server error: a streamed method's handler probably did not write its metadata " +
          "(JSON, then 8 NUL bytes) before the body. Use awslambda.HttpResponseStream.from and write at least once.",
      },
    ];
  }
  const scanner = createPreludeScanner();
  let step = scanner.push(input.functionOutput);
  if (step.kind === "need-more") step = scanner.end();
  if (step.kind !== "bad") return [];
  if (step.problem === "no-delimiter" && looksLikeBufferedResult(input.functionOutput)) {
    return [
      {
        kind: "buffered-handler",
        severity: "error",
        problem: step.problem,
        message:
          "Your handler returns a buffered response ({statusCode, body}) but the integration streams, so API Gateway " +
          "answers 500. Wrap the handler in awslambda.streamifyResponse and write the body to the stream, " +
          "or switch the method back to buffered.",
      },
    ];
  }
  if (step.problem === "no-delimiter" || step.problem === "too-long") {
    const empty = input.functionOutput.byteLength === 0;
    return [
      {
        kind: "missing-prelude",
        severity: "error",
        problem: step.problem,
        message: empty
          ? "The handler wrote nothing, not even its metadata: HttpResponseStream.from only writes the metadata " +
            "on the first write(), so call write() before end()."
          : step.problem === "too-long"
            ? "The metadata and its 8 NUL bytes must come within the first 16 KB of the stream."
            : "The stream has no metadata: write the JSON status and headers, then 8 NUL bytes, before the body.",
      },
    ];
  }
  return [
    {
      kind: "bad-prelude",
      severity: "error",
      problem: step.problem,
      message: `The stream's metadata is invalid: ${step.detail}.`,
    },
  ];
}

/** `{"statusCode": …, "body": …}` as the stream's text: a handler that returns its response, not writes it. */
function looksLikeBufferedResult(output: Uint8Array): boolean {
  const text = utf8Decode(output.subarray(0, BASE64_PREFIX_BYTES)).trimStart();
  if (!text.startsWith("{")) return false;
  return (
    /^\{\s*"(statusCode|body|isBase64Encoded|headers|multiValueHeaders)"\s*:/.test(text) &&
    /"(body|isBase64Encoded)"\s*:/.test(text)
  );
}

/** Base64 text of a known binary format, or (for a format not sniffed) the first bytes all in base64's alphabet. */
function looksBase64(body: Uint8Array): boolean {
  const prefix = body.subarray(0, BASE64_PREFIX_BYTES);
  const whole = body.byteLength <= BASE64_PREFIX_BYTES;
  if (detectBase64Binary(whole ? prefix : prefix.subarray(0, prefix.byteLength - (prefix.byteLength % 4))) !== null)
    return true;
  return B64_TEXT.test(utf8Decode(whole ? prefix : prefix.subarray(0, 256)).trim());
}
