import { guardRouteRequest } from "@/lib/security/request-guard";
import { AWS_REGIONS } from "@/lib/aws/regions";
import { ScanScopeSchema, scopeOf } from "@/lib/fleet/input";
import { cancelScan, getScan, startScan } from "@/lib/fleet/store";
import { guardPreviewRequest } from "../preview/guard";

/**
 * /api/scan?region=…&all=0|1 — the fleet scan of the list page: GET polls its progress and results, POST starts
 * it (or returns the one running), DELETE cancels it. Starting spends the account's API Gateway quota, so it is
 * checked as a write (Host, token, same Origin — docs/security.md promises 2, 3); polling as the preview's reads are.
 */
export const dynamic = "force-dynamic";

const NO_STORE = { "cache-control": "no-store" };

function scope(req: Request) {
  return ScanScopeSchema.safeParse(Object.fromEntries(new URL(req.url).searchParams));
}

function invalid() {
  const message = "Invalid scan scope: give a known region, and all=0 or 1.";
  return Response.json({ message }, { status: 400, headers: NO_STORE });
}

function guardWrite(req: Request): Response | null {
  const v = guardRouteRequest(req, { write: true });
  if (v.ok) return null;
  return Response.json({ message: `Request refused (${v.reason}).` }, { status: v.status, headers: NO_STORE });
}

/** The scan's progress and results so far (`{ state: "none" }` before the first). */
export async function GET(req: Request) {
  const refused = guardPreviewRequest(req);
  if (refused) return refused;
  const s = scope(req);
  if (!s.success) return invalid();
  return Response.json(getScan(scopeOf(s.data)) ?? { state: "none" }, { headers: NO_STORE });
}

/** Starts a scan of the region, or of every region with all=1. */
export async function POST(req: Request) {
  const refused = guardWrite(req);
  if (refused) return refused;
  const s = scope(req);
  if (!s.success) return invalid();
  const regions = s.data.all === "1" ? [...AWS_REGIONS] : [s.data.region];
  return Response.json(startScan(scopeOf(s.data), regions), { status: 202, headers: NO_STORE });
}

/** Cancels the running scan; what it found so far is kept. */
export async function DELETE(req: Request) {
  const refused = guardWrite(req);
  if (refused) return refused;
  const s = scope(req);
  if (!s.success) return invalid();
  return Response.json(cancelScan(scopeOf(s.data)) ?? { state: "none" }, { headers: NO_STORE });
}
