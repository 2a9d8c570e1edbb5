/**
 * The preview's verdict: given what a stage really returned, say whether the client got binary, text, or
 * base64 text of a binary file that should have arrived as bytes — and why, and what would fix it.
 * Pure: every AWS rule it needs (Accept key, matching, sniffing, base64) comes from lib/binary; this file only
 * combines them into reasons (docs/aws-binary-rules.md §0, §1.3, §6.1, §10).
 */
import {
  contentTypeKey,
  detectBase64Binary,
  findBinaryMatch,
  firstAcceptValue,
  matchesBinaryMediaTypes,
  sniffFormat,
  type BinaryFormat,
} from "./index";

export type VerdictKind = "binary" | "text" | "base64-of-binary";

/** A fix the UI can turn into a button (add-type, redeploy) or an instruction (the others). */
export type FixSuggestion =
  | { kind: "add-type"; mediaType: string; sideEffect: string }
  | { kind: "redeploy"; stage: string; why: string }
  | { kind: "set-isBase64Encoded"; detail: string }
  | { kind: "send-accept"; accept: string; detail: string };

export interface VerdictInput {
  /** binaryMediaTypes of the deployment the stage serves (what decides, docs/aws-binary-rules.md §6.1). */
  deployedBinaryMediaTypes: readonly string[];
  /** The API's current binaryMediaTypes (may differ from the deployed ones until a redeploy); null = unknown. */
  currentBinaryMediaTypes: readonly string[] | null;
  /** The Accept header that was really sent; null = none. */
  accept: string | null;
  /** HTTP status the stage answered. */
  status: number;
  /** The response's Content-Type header; null = none. */
  contentType: string | null;
  /** The response body bytes (possibly truncated). */
  body: Uint8Array;
  /** The stage's name, for redeploy suggestions. */
  stage: string;
}

export interface Verdict {
  kind: VerdictKind;
  /** One-sentence reasons, most important first. Media types are wrapped in backticks. */
  reasons: string[];
  fixes: FixSuggestion[];
  /** First Accept value as API Gateway reads it (docs/aws-binary-rules.md §3), or null. */
  acceptKey: string | null;
  /** The deployed entry that the Accept key matched, or null. */
  deployedMatch: string | null;
  /** The current (undeployed) entry that would match, or null. */
  currentMatch: string | null;
  /** The format of the bytes (binary), or of the decoded bytes (base64-of-binary). */
  format: BinaryFormat | null;
  /** The decoded file when kind is base64-of-binary: show it anyway. */
  decoded: Uint8Array | null;
  /** A warning when the sniffed format and the Content-Type disagree. */
  contentTypeWarning: string | null;
  /** Number of U+FFFD sequences (EF BF BD) in the body: raw bytes mangled through UTF-8. */
  replacementChars: number;
}

const REPLACEMENT = [0xef, 0xbf, 0xbd] as const;

/**
 * Counts UTF-8-encoded U+FFFD sequences: the trace of binary bytes forced through a UTF-8 string
 * (docs/aws-binary-rules.md §2, §10).
 */
export function countReplacementChars(bytes: Uint8Array): number {
  let n = 0;
  for (let i = 0; i + 2 < bytes.length; i++) {
    if (bytes[i] === REPLACEMENT[0] && bytes[i + 1] === REPLACEMENT[1] && bytes[i + 2] === REPLACEMENT[2]) {
      n++;
      i += 2;
    }
  }
  return n;
}

const code = (s: string) => `\`${s}\``;
const list = (types: readonly string[]) => `[${types.map(code).join(", ")}]`;
/** "matches none of …", worded for an empty deployed list too (a bare "[]" reads like a bug). */
const matchesNone = (deployed: readonly string[]) =>
  deployed.length
    ? `matches none of the deployed binary media types ${list(deployed)}`
    : "matches no binary media type: the stage's deployment lists none";

/** The side effect of adding a binary media type, stated once and exactly (docs/aws-binary-rules.md §2, §10). */
export function addTypeSideEffect(mediaType: string): string {
  if (mediaType === "*/*")
    return "every request body (JSON included) then reaches the Lambda base64-encoded with isBase64Encoded: true, and CORS preflights to MOCK integrations fail";
  if (mediaType.endsWith("/*"))
    return `every request body whose Content-Type is ${code(mediaType)} then reaches the Lambda base64-encoded (responses whose Lambda sets isBase64Encoded: false still pass through verbatim)`;
  if (mediaType === "application/json")
    return `only request bodies sent as ${code(mediaType)} change: every JSON post then reaches the Lambda base64-encoded`;
  return `only request bodies sent as ${code(mediaType)} change: they then reach the Lambda base64-encoded`;
}

/**
 * The candidate binary media types that would make `acceptKey` match, most useful first, each checked with
 * the real matching rule (docs/aws-binary-rules.md §3: `*\/subtype` never matches; a wildcard Accept needs a wildcard
 * entry).
 */
export function typesThatWouldMatch(acceptKey: string | null): string[] {
  if (!acceptKey) return [];
  const out: string[] = [];
  const slash = acceptKey.indexOf("/");
  const family = slash > 0 ? acceptKey.slice(0, slash) : null;
  const familyWildcard = family && family !== "*" ? `${family}/*` : null;
  // Browsers change their first image type between versions (image/avif, then image/jxl): image/* first.
  const candidates = family === "image" ? [familyWildcard, acceptKey, "*/*"] : [acceptKey, familyWildcard, "*/*"];
  for (const c of candidates) {
    if (c && !out.includes(c) && matchesBinaryMediaTypes(acceptKey, [c])) out.push(c);
  }
  return out;
}

/**
 * Predicts what a Lambda returning `isBase64Encoded: true` would deliver for this Accept (docs/aws-binary-rules.md §0
 * rule 1).
 */
export function predictDelivery(
  accept: string | null,
  deployedBinaryMediaTypes: readonly string[],
): {
  kind: "binary" | "base64-of-binary";
  acceptKey: string | null;
  match: string | null;
} {
  const acceptKey = firstAcceptValue(accept);
  const match = findBinaryMatch(acceptKey, deployedBinaryMediaTypes);
  return { kind: match ? "binary" : "base64-of-binary", acceptKey, match };
}

function describeAccept(acceptKey: string | null): string {
  return acceptKey
    ? `the first Accept value ${code(acceptKey)}`
    : "no usable Accept value (absent, empty or malformed)";
}

/** describeAccept at the start of a sentence. */
function describeAcceptAtStart(acceptKey: string | null): string {
  const s = describeAccept(acceptKey);
  return s[0].toUpperCase() + s.slice(1);
}

function isGatewayErrorBody(body: Uint8Array): string | null {
  if (body.length > 512) return null;
  try {
    const parsed: unknown = JSON.parse(new TextDecoder().decode(body));
    if (parsed && typeof parsed === "object" && typeof (parsed as { message?: unknown }).message === "string")
      return (parsed as { message: string }).message;
  } catch {
    /* not AWS's {"message":…} shape */
  }
  return null;
}

/** Computes the verdict for one real response (docs/aws-binary-rules.md §1.3 combinations, §10 pitfalls). */
export function computeVerdict(input: VerdictInput): Verdict {
  const acceptKey = firstAcceptValue(input.accept);
  const deployed = input.deployedBinaryMediaTypes;
  const current = input.currentBinaryMediaTypes;
  const deployedMatch = findBinaryMatch(acceptKey, deployed);
  const currentMatch = current ? findBinaryMatch(acceptKey, current) : null;
  const ctKey = contentTypeKey(input.contentType);
  const replacementChars = countReplacementChars(input.body);
  const reasons: string[] = [];
  const fixes: FixSuggestion[] = [];

  const sniffed = sniffFormat(input.body);
  const base64 = sniffed ? null : detectBase64Binary(input.body);
  const format = sniffed ?? base64?.format ?? null;

  let contentTypeWarning: string | null = null;
  if (format && ctKey && ctKey !== format.mime) {
    contentTypeWarning = `the bytes look like ${format.label} (${code(format.mime)}) but the Content-Type says ${code(ctKey)}`;
  } else if (format && !ctKey) {
    contentTypeWarning = `the bytes look like ${format.label} but the response has no Content-Type`;
  }

  // Suggestions that make the Accept match, then the redeploy that makes them live (docs/aws-binary-rules.md §6.1).
  const suggestTypesAndRedeploy = () => {
    const wouldMatchNow = currentMatch !== null;
    const additions = wouldMatchNow ? [] : typesThatWouldMatch(acceptKey);
    for (const t of additions) fixes.push({ kind: "add-type", mediaType: t, sideEffect: addTypeSideEffect(t) });
    // A redeploy only helps when some type (current or to be added) would match this Accept.
    if (wouldMatchNow || additions.length > 0)
      fixes.push({
        kind: "redeploy",
        stage: input.stage,
        why: wouldMatchNow
          ? `the API's current types already include ${code(currentMatch!)}, but stage ${code(input.stage)} still serves an older deployment`
          : `a binary media type change reaches stage ${code(input.stage)} only with a new deployment`,
      });
    const mime = format?.mime;
    if (mime && mime !== acceptKey && findBinaryMatch(mime, deployed)) {
      fixes.push({
        kind: "send-accept",
        accept: mime,
        detail: `a client that sends ${code(`Accept: ${mime}`)} first gets binary from the current deployment (only the first value counts)`,
      });
    }
  };

  // SVG is text: it reads the same whether or not API Gateway decoded it, so it is judged as text below.
  if (sniffed && sniffed.id !== "svg") {
    if (deployedMatch) {
      reasons.push(
        `${describeAcceptAtStart(acceptKey)} matches the deployed binary media type ${code(deployedMatch)}, so API Gateway decoded the Lambda's base64 body into ${sniffed.label} bytes.`,
      );
    } else {
      reasons.push(
        `${sniffed.label} bytes arrived although ${describeAccept(acceptKey)} ${matchesNone(deployed)}: this target does not apply REST API proxy rules here (e.g. an HTTP API, a non-proxy integration, or an emulator that differs from AWS).`,
      );
    }
    return {
      kind: "binary",
      reasons,
      fixes,
      acceptKey,
      deployedMatch,
      currentMatch,
      format: sniffed,
      decoded: null,
      contentTypeWarning,
      replacementChars,
    };
  }

  if (base64) {
    if (!deployedMatch) {
      reasons.push(
        `The body is base64 text of ${base64.format.label} because ${describeAccept(acceptKey)} ${matchesNone(deployed)}.`,
      );
      if (current && currentMatch) {
        reasons.push(
          `The API's current types would match (${code(currentMatch)}), but stage ${code(input.stage)} was not redeployed after they changed.`,
        );
      }
      if (!acceptKey) {
        reasons.push("Without a first Accept value nothing matches, not even `*/*`: send an explicit Accept.");
      }
      suggestTypesAndRedeploy();
    } else {
      reasons.push(
        `${describeAcceptAtStart(acceptKey)} matches the deployed type ${code(deployedMatch)}, yet the body is still base64 text: the Lambda returned a base64 body with isBase64Encoded false or missing, which API Gateway passes through verbatim.`,
      );
      fixes.push({
        kind: "set-isBase64Encoded",
        detail: "return { isBase64Encoded: true, body: <base64> } from the Lambda",
      });
    }
    return {
      kind: "base64-of-binary",
      reasons,
      fixes,
      acceptKey,
      deployedMatch,
      currentMatch,
      format: base64.format,
      decoded: base64.decoded,
      contentTypeWarning,
      replacementChars,
    };
  }

  // Text of some kind: say what can honestly be inferred.
  const gatewayMessage = input.status >= 400 ? isGatewayErrorBody(input.body) : null;
  if (input.status >= 300 && input.status < 400) {
    reasons.push(`The stage answered a ${input.status} redirect, which the preview reports and does not follow.`);
  } else if (gatewayMessage !== null) {
    reasons.push(`API Gateway answered ${input.status} ${code(`{"message":"${gatewayMessage}"}`)}.`);
    if (input.status === 500 && gatewayMessage === "Internal server error" && deployedMatch) {
      reasons.push(
        `${describeAcceptAtStart(acceptKey)} matches the deployed type ${code(deployedMatch)}: a 500 then typically means the Lambda set isBase64Encoded: true with a body that is not valid base64 (API Gateway answers 500 when it cannot decode the body), or it lacks API Gateway's invoke permission.`,
      );
    } else if (input.status === 502) {
      reasons.push(
        "A 502 means the Lambda failed or returned a result API Gateway cannot read (bad shape, or over 6 MB).",
      );
    } else if (input.status === 504) {
      reasons.push("A 504 means the Lambda did not answer within the integration timeout (29 s).");
    }
  } else if (replacementChars > 0) {
    reasons.push(
      `The body holds ${replacementChars} U+FFFD replacement sequence${replacementChars === 1 ? "" : "s"}: the Lambda returned raw bytes as a string without base64 (isBase64Encoded not set), and they were mangled as UTF-8 — the original bytes cannot be recovered.`,
    );
    fixes.push({
      kind: "set-isBase64Encoded",
      detail: "base64-encode the bytes in the Lambda and return { isBase64Encoded: true, body: <base64> }",
    });
    if (!deployedMatch) suggestTypesAndRedeploy();
  } else if (sniffed) {
    reasons.push(
      `The body is ${sniffed.label} markup (text), which displays the same whether or not API Gateway decoded it.`,
    );
  } else if (ctKey && findBinaryMatch(ctKey, [...deployed, ...(current ?? [])]) && ctKey !== "*/*") {
    reasons.push(
      `The Content-Type ${code(ctKey)} is listed as binary, but the body is text that is neither a known binary format nor base64 of one: the Lambda itself produced this text.`,
    );
  } else {
    reasons.push(
      `The body is text${ctKey ? ` (${code(ctKey)})` : ""}, not a known binary format nor base64 of one; ${describeAccept(acceptKey)} ${deployedMatch ? `matches ${code(deployedMatch)}` : matchesNone(deployed)}, which only matters for Lambdas that set isBase64Encoded: true.`,
    );
  }
  return {
    kind: "text",
    reasons,
    fixes,
    acceptKey,
    deployedMatch,
    currentMatch,
    format: sniffed,
    decoded: null,
    contentTypeWarning,
    replacementChars,
  };
}
