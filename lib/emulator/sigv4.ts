/**
 * AWS Signature Version 4 verification for the emulator's control planes. Exact canonical request as AWS
 * builds it for non-S3 services: the path as sent is normalised and each segment URI-encoded AGAIN (so a
 * `%3A` the SDK sent signs as `%253A`), the query is decoded, re-encoded and sorted, headers are lower-cased,
 * trimmed and space-folded. Works for the JS SDK (x-amz-content-sha256 present) and the AWS CLI v2 (absent:
 * sha256 of the body) — docs/development.md §4.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { safeDecodeURIComponent } from "../binary";
import { AwsError } from "./errors";

export interface SigV4Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** What the Authorization header (or a presigned query) says, before verification. */
export interface ParsedSignature {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
  /** The request's X-Amz-Date (header or presigned query). */
  amzDate: string | undefined;
  presigned: boolean;
  /** A presigned request's X-Amz-Expires, as sent (seconds). */
  expires: string | undefined;
}

const AUTH_RE = /^AWS4-HMAC-SHA256\s+(.*)$/s;
const REAL_KEY_RE = /^(AKIA|ASIA)[A-Z0-9]{12,}$/;
/** AWS refuses signatures more than 15 minutes away from its clock. */
const MAX_SKEW_MS = 15 * 60 * 1000;
/**
 * A presigned URL lives at most 7 days: https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
 * ("X-Amz-Expires … maximum 604800 seconds (7 days)").
 */
const MAX_PRESIGN_SECONDS = 604_800;
/**
 * Region codes as AWS names them (us-east-1, us-gov-west-1, eu-isoe-west-1, cn-north-1):
 * https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html. Anything else ("..", "",
 * "us east 1") would also become a directory and an ARN, so it is refused as AWS refuses a foreign scope.
 */
const REGION_RE = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

const incomplete = (message: string) => new AwsError(403, "IncompleteSignatureException", message);

/** Parses the SigV4 Authorization header or presigned query; null when the request carries neither. */
export function parseSignature(req: IncomingMessage, url: URL): ParsedSignature | null {
  const header = headerValue(req, "authorization");
  if (header !== undefined) {
    const m = AUTH_RE.exec(header.trim());
    if (!m) {
      throw incomplete(
        `Unsupported Authorization scheme: the emulator verifies AWS Signature Version 4 (AWS4-HMAC-SHA256) only.`,
      );
    }
    const parts: Record<string, string> = {};
    for (const piece of m[1].split(",")) {
      const eq = piece.indexOf("=");
      if (eq > 0) parts[piece.slice(0, eq).trim()] = piece.slice(eq + 1).trim();
    }
    if (!parts.Credential || !parts.SignedHeaders || !parts.Signature) {
      throw incomplete(
        "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters. Authorization=" +
          header.slice(0, 100),
      );
    }
    return fromParts(parts.Credential, parts.SignedHeaders, parts.Signature, headerValue(req, "x-amz-date"), undefined);
  }
  const q = url.searchParams;
  if (q.has("X-Amz-Signature")) {
    if (q.get("X-Amz-Algorithm") !== "AWS4-HMAC-SHA256") throw incomplete("X-Amz-Algorithm must be AWS4-HMAC-SHA256");
    const get = (name: string) => q.get(name) ?? "";
    const expires = q.get("X-Amz-Expires") ?? "";
    const date = q.get("X-Amz-Date") ?? undefined;
    return fromParts(get("X-Amz-Credential"), get("X-Amz-SignedHeaders"), get("X-Amz-Signature"), date, expires);
  }
  return null;
}

/** `expires` is undefined for a header-signed request, the X-Amz-Expires text ("" when absent) when presigned. */
function fromParts(
  credential: string,
  signedHeaders: string,
  signature: string,
  amzDate: string | undefined,
  expires: string | undefined,
): ParsedSignature {
  const scope = credential.split("/");
  if (scope.length !== 5 || scope[4] !== "aws4_request" || !scope[0]) {
    throw incomplete(`Credential should be scoped to a valid region. Credential=${credential.slice(0, 100)}`);
  }
  if (!REGION_RE.test(scope[2])) {
    const region = scope[2].slice(0, 50);
    const message = `Credential should be scoped to a valid region, not '${region}'. `;
    throw new AwsError(403, "InvalidSignatureException", message);
  }
  return {
    accessKeyId: scope[0],
    date: scope[1],
    region: scope[2],
    service: scope[3],
    signedHeaders: signedHeaders
      .split(";")
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
    signature: signature.toLowerCase(),
    amzDate,
    presigned: expires !== undefined,
    expires: expires || undefined,
  };
}

/**
 * Verifies a parsed signature against the configured credentials; throws AWS's 403 errors
 * (UnrecognizedClientException for a wrong key, InvalidSignatureException for a wrong signature).
 */
export function verifySignature(
  sig: ParsedSignature,
  req: IncomingMessage,
  url: URL,
  body: Buffer,
  creds: SigV4Credentials,
  now = Date.now(),
): void {
  if (REAL_KEY_RE.test(sig.accessKeyId)) {
    // docs/security.md promise 10: real AWS credentials must never be sent to the emulator; refuse them loudly.
    throw new AwsError(
      403,
      "UnrecognizedClientException",
      `The security token included in the request is invalid. The BinaryGate emulator never accepts real AWS credentials (got an access key that looks like one: ${sig.accessKeyId.slice(0, 4)}…); use the emulator's own test credentials.`,
    );
  }
  if (sig.accessKeyId !== creds.accessKeyId) {
    throw new AwsError(403, "UnrecognizedClientException", "The security token included in the request is invalid.");
  }
  if (!sig.amzDate || !/^\d{8}T\d{6}Z$/.test(sig.amzDate)) {
    throw incomplete("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  }
  if (!sig.signedHeaders.includes("host")) {
    throw incomplete("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  }
  const when = Date.UTC(
    +sig.amzDate.slice(0, 4),
    +sig.amzDate.slice(4, 6) - 1,
    +sig.amzDate.slice(6, 8),
    +sig.amzDate.slice(9, 11),
    +sig.amzDate.slice(11, 13),
    +sig.amzDate.slice(13, 15),
  );
  checkValidity(sig, when, now);
  if (sig.date !== sig.amzDate.slice(0, 8)) {
    throw new AwsError(
      403,
      "InvalidSignatureException",
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${sig.date}' != '${sig.amzDate.slice(0, 8)}', from '${sig.amzDate}'.`,
    );
  }

  const bodyHash = createHash("sha256").update(body).digest("hex");
  const declared =
    headerValue(req, "x-amz-content-sha256") ??
    (sig.presigned ? (url.searchParams.get("X-Amz-Content-Sha256") ?? undefined) : undefined);
  let payloadHash = bodyHash;
  if (declared !== undefined) {
    // A declared hash that does not match the body would let a tampered body through: refuse it.
    if (declared !== "UNSIGNED-PAYLOAD" && declared.toLowerCase() !== bodyHash) throw signatureMismatch();
    payloadHash = declared;
  } else if (sig.presigned) {
    payloadHash = "UNSIGNED-PAYLOAD";
  }

  const canonical = canonicalRequest(
    req.method ?? "GET",
    url,
    rawHeaderMap(req),
    sig.signedHeaders,
    payloadHash,
    sig.presigned,
  );
  const scope = `${sig.date}/${sig.region}/${sig.service}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", sig.amzDate, scope, sha256Hex(canonical)].join("\n");
  const key = signingKey(creds.secretAccessKey, sig.date, sig.region, sig.service);
  const expected = createHmac("sha256", key).update(stringToSign).digest();
  const given = /^[0-9a-f]{64}$/.test(sig.signature) ? Buffer.from(sig.signature, "hex") : Buffer.alloc(0);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw signatureMismatch();
}

/**
 * The signature's time window, in AWS's words: a header-signed request (or a presigned one without X-Amz-Expires)
 * lives 15 minutes either side of the server's clock; a presigned one from X-Amz-Date to X-Amz-Date +
 * X-Amz-Expires, and is not valid yet more than 15 minutes before X-Amz-Date.
 */
function checkValidity(sig: ParsedSignature, when: number, now: number): void {
  const date = sig.amzDate;
  if (when - now > MAX_SKEW_MS) {
    throw new AwsError(
      403,
      "InvalidSignatureException",
      `Signature not yet current: ${date} is still later than ${amz(now + MAX_SKEW_MS)} (${amz(now)} + 15 min.)`,
    );
  }
  let lifeMs = MAX_SKEW_MS;
  if (sig.presigned && sig.expires !== undefined) {
    if (!/^\d{1,7}$/.test(sig.expires) || Number(sig.expires) < 1 || Number(sig.expires) > MAX_PRESIGN_SECONDS) {
      const got = JSON.stringify(sig.expires.slice(0, 20));
      const max = MAX_PRESIGN_SECONDS;
      throw incomplete(`X-Amz-Expires must be a whole number of seconds from 1 to ${max} (7 days); got ${got}.`);
    }
    lifeMs = Number(sig.expires) * 1000;
  }
  if (now - when > lifeMs) {
    throw new AwsError(
      403,
      "InvalidSignatureException",
      `Signature expired: ${date} is now earlier than ${amz(now - lifeMs)} (${amz(now)} - ${span(lifeMs)}.)`,
    );
  }
}

/** "15 min" as AWS writes the window in its expiry messages; seconds when not a whole minute. */
function span(ms: number): string {
  const s = Math.round(ms / 1000);
  return s % 60 === 0 ? `${s / 60} min` : `${s} sec`;
}

const signatureMismatch = () =>
  new AwsError(
    403,
    "InvalidSignatureException",
    "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
  );

/** The SigV4 canonical request (exported for tests). */
export function canonicalRequest(
  method: string,
  url: URL,
  headers: Map<string, string[]>,
  signedHeaders: string[],
  payloadHash: string,
  presigned = false,
): string {
  const canonicalHeaders = signedHeaders
    .map((name) => {
      const values = headers.get(name) ?? [];
      return `${name}:${values.map((v) => v.trim().replace(/\s+/g, " ")).join(",")}\n`;
    })
    .join("");
  return [
    method.toUpperCase(),
    canonicalUri(url.pathname),
    canonicalQuery(url.search, presigned),
    canonicalHeaders,
    signedHeaders.join(";"),
    payloadHash,
  ].join("\n");
}

/** Normalised path, each segment encoded once more (non-S3 services). */
export function canonicalUri(rawPath: string): string {
  const segments: string[] = [];
  for (const seg of rawPath.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") segments.pop();
    else segments.push(seg);
  }
  const joined = `${rawPath.startsWith("/") ? "/" : ""}${segments.join("/")}${segments.length > 0 && rawPath.endsWith("/") ? "/" : ""}`;
  return uriEscape(joined).replace(/%2F/g, "/");
}

/** Query pairs decoded, re-encoded with RFC 3986 rules and sorted by key then value. */
export function canonicalQuery(search: string, presigned = false): string {
  const raw = search.startsWith("?") ? search.slice(1) : search;
  if (!raw) return "";
  const pairs: [string, string][] = [];
  for (const piece of raw.split("&")) {
    if (!piece) continue;
    const eq = piece.indexOf("=");
    const k = safeDecodeURIComponent(eq < 0 ? piece : piece.slice(0, eq));
    const v = eq < 0 ? "" : safeDecodeURIComponent(piece.slice(eq + 1));
    if (presigned && k === "X-Amz-Signature") continue;
    pairs.push([uriEscape(k), uriEscape(v)]);
  }
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join("&");
}

/** RFC 3986 encoding: everything but A-Z a-z 0-9 - _ . ~ */
function uriEscape(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function sha256Hex(s: string): string {
  return createHash("sha256").update(s, "utf8").digest("hex");
}

/** The SigV4 signing key for a date/region/service. */
export function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  const kDate = createHmac("sha256", `AWS4${secret}`).update(date).digest();
  const kRegion = createHmac("sha256", kDate).update(region).digest();
  const kService = createHmac("sha256", kRegion).update(service).digest();
  return createHmac("sha256", kService).update("aws4_request").digest();
}

/** Header values by lower-cased name, from rawHeaders so repeated headers keep every value. */
function rawHeaderMap(req: IncomingMessage): Map<string, string[]> {
  const map = new Map<string, string[]>();
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    const list = map.get(name);
    if (list) list.push(raw[i + 1]);
    else map.set(name, [raw[i + 1]]);
  }
  return map;
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(",") : v;
}

function amz(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}
