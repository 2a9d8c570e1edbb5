import { headerJson, parsePreviewParams, runPreview } from "@/lib/aws/preview";
import { guardPreviewRequest } from "./guard";

/**
 * GET /api/preview?region&apiId&stage&path&method&accept — fetches a stage's response on the server and
 * streams its bytes back untouched, with the upstream status and headers as metadata (security.md 4, 5):
 * the client never supplies a URL; the bytes are served as an inert download (octet-stream, nosniff, CSP
 * sandbox, attachment) so nothing previewed can run on the dashboard's origin even if opened directly.
 */
export const dynamic = "force-dynamic";

const INERT = {
  "content-type": "application/octet-stream",
  "x-content-type-options": "nosniff",
  "content-security-policy": "sandbox; default-src 'none'",
  "content-disposition": "attachment",
  "cache-control": "no-store",
} as const;

const HEADERS_JSON_CAP = 16 * 1024;

/** Runs one preview for the dashboard's own page. */
export async function GET(req: Request) {
  const refused = guardPreviewRequest(req);
  if (refused) return refused;
  const parsed = parsePreviewParams(new URL(req.url).searchParams);
  if (!parsed.ok) {
    return Response.json({ message: "Invalid preview request", fieldErrors: parsed.fieldErrors }, { status: 400, headers: { "cache-control": "no-store" } });
  }
  let result: Awaited<ReturnType<typeof runPreview>>;
  try {
    result = await runPreview(parsed.data);
  } catch (err) {
    console.error("preview failed", err);
    return Response.json({ message: "The preview failed unexpectedly" }, { status: 500, headers: { "cache-control": "no-store" } });
  }
  if (!result.ok) {
    return Response.json(
      { message: result.error.message, code: result.error.code },
      { status: result.error.status, headers: { "cache-control": "no-store", "x-binarygate-error": result.error.code } },
    );
  }
  const { upstream } = result.data;
  let headersJson = headerJson(upstream.headers);
  if (headersJson.length > HEADERS_JSON_CAP) headersJson = headerJson(upstream.headers.map(([k, v]) => [k, v.slice(0, 256)]));
  return new Response(upstream.body, {
    status: 200,
    headers: {
      ...INERT,
      "x-binarygate-upstream-status": String(upstream.status),
      "x-binarygate-upstream-headers": headersJson,
      "x-binarygate-elapsed-ms": String(upstream.elapsedMs),
      "x-binarygate-accept-sent": parsed.data.accept,
      "x-binarygate-method": parsed.data.method,
      "x-binarygate-invoke-url": headerJson(result.data.displayUrl),
      "x-binarygate-route": headerJson(result.data.routePath),
      "x-binarygate-deployed-types": headerJson(result.data.deployedBinaryMediaTypes),
      "x-binarygate-current-types": headerJson(result.data.currentBinaryMediaTypes),
    },
  });
}
