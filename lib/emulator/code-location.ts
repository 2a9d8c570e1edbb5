/**
 * GetFunction's Code.Location, served as AWS serves it: a URL that downloads the function's zip with a plain
 * GET, valid for 10 minutes (AWS: "a presigned URL … valid for up to 10 minutes"). Here it is a loopback URL
 * under the emulator's own port, protected like a presigned URL: an HMAC token over (region, name, code hash,
 * expiry) with a per-process secret, so it cannot be guessed or stretched, and it dies with the process. Like
 * the control plane (docs/security.md promise 13), it refuses what a browser sends on behalf of another site.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { promises as fs } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { EmulatorContext } from "./contracts";
import { checkBrowser } from "./guard";
import { sendJson } from "./http";

/** The path prefix under which code downloads are served. */
export const CODE_LOCATION_PREFIX = "/_binarygate/code/";
/** How long a Code.Location stays valid, as on AWS. */
export const CODE_LOCATION_TTL_MS = 10 * 60 * 1000;

const secret = randomBytes(32);

function sign(region: string, name: string, sha: string, expires: number): string {
  return createHmac("sha256", secret).update(`${region}\n${name}\n${sha}\n${expires}`).digest("base64url");
}

/** A Code.Location URL for one code version, rooted at the Host the caller reached the emulator by. */
export function codeLocationUrl(
  host: string,
  region: string,
  name: string,
  codeSha256: string,
  now = Date.now(),
): string {
  const expires = now + CODE_LOCATION_TTL_MS;
  const q = new URLSearchParams({
    sha: codeSha256,
    expires: String(expires),
    token: sign(region, name, codeSha256, expires),
  });
  return `http://${host}${CODE_LOCATION_PREFIX}${encodeURIComponent(region)}/${encodeURIComponent(name)}?${q}`;
}

function deny(res: ServerResponse, status: number, message: string): void {
  // S3 answers a bad or expired presigned URL with 403 AccessDenied; the body here is JSON, not S3's XML.
  sendJson(res, status, { message });
}

/** Serves GET/HEAD of a Code.Location: the zip bytes when the token is valid and unexpired, else 403. */
export async function serveCodeLocation(
  ctx: EmulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const browser = checkBrowser(req.headers, ctx.config.allowOrigins);
  if (!browser.ok) return deny(res, 403, browser.message);
  const method = (req.method ?? "GET").toUpperCase();
  if (method !== "GET" && method !== "HEAD") return deny(res, 405, "A code location is downloaded with GET.");
  const parts = url.pathname.slice(CODE_LOCATION_PREFIX.length).split("/");
  const sha = url.searchParams.get("sha") ?? "";
  const expires = Number(url.searchParams.get("expires"));
  const token = Buffer.from(url.searchParams.get("token") ?? "");
  if (parts.length !== 2 || !Number.isSafeInteger(expires)) return deny(res, 403, "Invalid code location.");
  let region: string;
  let name: string;
  try {
    [region, name] = parts.map(decodeURIComponent);
  } catch {
    return deny(res, 403, "Invalid code location.");
  }
  const expected = Buffer.from(sign(region, name, sha, expires));
  if (token.length !== expected.length || !timingSafeEqual(token, expected))
    return deny(res, 403, "Invalid code location.");
  if (Date.now() > expires) return deny(res, 403, "This code location has expired; call GetFunction again.");
  const fn = ctx.store.read().regions[region]?.functions[name];
  // A URL outlives the code version it named: after UpdateFunctionCode it no longer downloads anything.
  if (!fn || fn.codeSha256 !== sha) return deny(res, 404, "The function or this version of its code no longer exists.");
  let zip: Buffer;
  try {
    zip = await fs.readFile(ctx.store.codePath(region, name, sha));
  } catch {
    return deny(res, 404, "The function's code is not on disk.");
  }
  res.writeHead(200, { "content-type": "application/zip", "content-length": String(zip.length) });
  res.end(method === "HEAD" ? undefined : zip);
}
