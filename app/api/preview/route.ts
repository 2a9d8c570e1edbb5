import { PREVIEW_ERROR_HEADER, PREVIEW_INERT_HEADERS, encodePreviewMeta } from "@/lib/preview/protocol";
import { parsePreviewParams } from "@/lib/preview/request";
import { runPreview } from "@/lib/preview/run";
import { guardPreviewRequest } from "./guard";

/**
 * GET /api/preview?region&apiId&stage&path&method&accept — fetches a stage's response on the server and
 * streams its bytes back untouched, with the stage's status and headers as metadata (lib/preview/protocol).
 * The client never supplies a URL; the bytes are served as an inert download (docs/security.md promises 4, 5).
 */
export const dynamic = "force-dynamic";

const NO_STORE = { "cache-control": "no-store" };

/** Runs one preview for the dashboard's own page. */
export async function GET(req: Request) {
  const refused = guardPreviewRequest(req);
  if (refused) return refused;
  const parsed = parsePreviewParams(new URL(req.url).searchParams);
  if (!parsed.ok) {
    const body = { message: "Invalid preview request", fieldErrors: parsed.fieldErrors };
    return Response.json(body, { status: 400, headers: NO_STORE });
  }
  let result: Awaited<ReturnType<typeof runPreview>>;
  try {
    result = await runPreview(parsed.data);
  } catch (err) {
    console.error("preview failed", err);
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
