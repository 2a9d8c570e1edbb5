import { runMatrix } from "@/lib/preview/matrix";
import { BUSY_MESSAGE } from "@/lib/preview/protocol";
import { parseMatrixParams } from "@/lib/preview/request";
import { guardPreviewRequest } from "../guard";

/**
 * GET /api/preview/matrix?region&apiId&stage&path&method&accept=…&accept=… — what each client gets, as NDJSON
 * (lib/preview/protocol MatrixLine): the stage's configuration is read once per run, not once per client.
 */
export const dynamic = "force-dynamic";

const NO_STORE = { "cache-control": "no-store" };

/** Runs one client-matrix for the dashboard's own page. */
export async function GET(req: Request) {
  const refused = guardPreviewRequest(req);
  if (refused) return refused;
  const parsed = parseMatrixParams(new URL(req.url).searchParams);
  if (!parsed.ok) {
    const body = { message: "Invalid matrix request", fieldErrors: parsed.fieldErrors };
    return Response.json(body, { status: 400, headers: NO_STORE });
  }
  const { accepts, ...target } = parsed.data;
  const stream = runMatrix(target, accepts);
  if (!stream) return Response.json({ message: BUSY_MESSAGE, code: "busy" }, { status: 429, headers: NO_STORE });
  return new Response(stream, {
    headers: { ...NO_STORE, "content-type": "application/x-ndjson", "x-content-type-options": "nosniff" },
  });
}
