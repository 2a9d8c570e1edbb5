import { PREVIEW_ERROR_HEADER, PREVIEW_INERT_HEADERS, encodePreviewMeta } from "@/lib/preview/protocol";
import {
  PREVIEW_BODY_MAX_BYTES,
  type PreviewRequest,
  parsePreviewParams,
  parsePreviewPost,
} from "@/lib/preview/request";
import { type PreviewExtras, runPreview } from "@/lib/preview/run";
import { guardPreviewRequest } from "./guard";

/**
 * GET /api/preview?region&apiId&stage&path&method&accept — fetches a stage's response on the server and
 * streams its bytes back untouched, with the stage's status and headers as metadata (lib/preview/protocol).
 * POST /api/preview takes the same fields as JSON plus what a protected stage needs: extra request headers,
 * a body, SigV4 signing. Those are held by the browser, forwarded to that stage only, and never logged or
 * stored here. The client never supplies a URL; the bytes are served as an inert download (docs/security.md
 * 4, 5).
 */
export const dynamic = "force-dynamic";

const NO_STORE = { "cache-control": "no-store" };
/** The JSON envelope around a body of at most PREVIEW_BODY_MAX_BYTES, headers and ids. */
const POST_MAX_BYTES = PREVIEW_BODY_MAX_BYTES * 2 + 256 * 1024;

/** Runs one preview for the dashboard's own page. */
export async function GET(req: Request) {
  const refused = guardPreviewRequest(req);
  if (refused) return refused;
  const parsed = parsePreviewParams(new URL(req.url).searchParams);
  if (!parsed.ok) return invalid(parsed.fieldErrors);
  return run(parsed.data);
}

/** Runs one preview with headers, a body or a signature; JSON only, so no HTML form can post it. */
export async function POST(req: Request) {
  const refused = guardPreviewRequest(req);
  if (refused) return refused;
  const type = (req.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/json") {
    return Response.json({ message: "Send the preview as application/json" }, { status: 415, headers: NO_STORE });
  }
  const text = await readCapped(req, POST_MAX_BYTES);
  if (text === null) return Response.json({ message: "Preview request too large" }, { status: 413, headers: NO_STORE });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return invalid({ input: "the request is not valid JSON" });
  }
  const parsed = parsePreviewPost(json);
  if (!parsed.ok) return invalid(parsed.fieldErrors);
  const { headers, body, sign, ...request } = parsed.data;
  return run(request, { headers, body, sign });
}

async function run(request: PreviewRequest, extras?: PreviewExtras): Promise<Response> {
  let result: Awaited<ReturnType<typeof runPreview>>;
  try {
    result = await runPreview(request, extras);
  } catch (err) {
    // The message only: a request's headers may carry secrets and must never reach a log.
    console.error("preview failed:", err instanceof Error ? err.message : "unknown error");
    return Response.json({ message: "The preview failed unexpectedly" }, { status: 500, headers: NO_STORE });
  }
  if (!result.ok) {
    const { status, code, message } = result.error;
    return Response.json({ message, code }, { status, headers: { ...NO_STORE, [PREVIEW_ERROR_HEADER]: code } });
  }
  return new Response(result.data.body, {
    status: 200,
    headers: { ...PREVIEW_INERT_HEADERS, ...encodePreviewMeta(result.data.meta) },
  });
}

function invalid(fieldErrors: Record<string, string>): Response {
  return Response.json({ message: "Invalid preview request", fieldErrors }, { status: 400, headers: NO_STORE });
}

/** The request body as text, or null past `max` bytes (read in chunks, so a chunked flood stops early). */
async function readCapped(req: Request, max: number): Promise<string | null> {
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > max) return null;
  if (!req.body) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = req.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
