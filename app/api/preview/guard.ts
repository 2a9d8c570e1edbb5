import { guardRouteRequest } from "@/lib/security/request-guard";
import { checkOrigin, effectiveHost } from "@/lib/security/policy";
import { getConfig } from "@/lib/config";

/**
 * The preview routes' request checks (docs/security.md promises 2 and 3), repeated here rather than trusted to
 * proxy.ts: the shared guard (Host allow-list against DNS rebinding, access token), then the same-origin rule for a
 * GET that returns data: a foreign or `null` Origin, or `Sec-Fetch-Site: cross-site/same-site`, is refused,
 * so no other site can make the dashboard fetch stages for it or read the recorded headers.
 */
export function guardPreviewRequest(req: Request): Response | null {
  const verdict = guardRouteRequest(req, { write: false });
  if (!verdict.ok)
    return Response.json({ message: `Request refused (${verdict.reason}).` }, { status: verdict.status });
  const site = req.headers.get("sec-fetch-site");
  if (site === "cross-site" || site === "same-site") {
    return Response.json({ message: "Request refused (cross-site request)." }, { status: 403 });
  }
  const origin = req.headers.get("origin");
  if (origin !== null) {
    const host = effectiveHost((n) => req.headers.get(n), { trustProxy: getConfig().trustProxy });
    const o = checkOrigin(origin, host);
    if (!o.ok) return Response.json({ message: `Request refused (${o.reason}).` }, { status: 403 });
  }
  return null;
}
