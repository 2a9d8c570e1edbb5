import { getConfig } from "@/lib/config";

/**
 * The preview routes' request checks (security.md 2 and 3), repeated here rather than trusted to a proxy:
 * the Host must be loopback or configured (DNS rebinding), and a request from another site — a foreign or
 * `null` Origin, or `Sec-Fetch-Site: cross-site/same-site` — is refused, so no page elsewhere can make the
 * dashboard fetch stages for it or read the recorded headers.
 */
export function guardPreviewRequest(req: Request): Response | null {
  const host = (req.headers.get("host") ?? "").toLowerCase();
  const hostname = host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : host.split(":")[0];
  const { allowedHosts } = getConfig();
  const loopback =
    hostname === "localhost" || hostname.endsWith(".localhost") || hostname === "[::1]" || /^127(\.\d{1,3}){3}$/.test(hostname);
  if (!hostname || (!loopback && !allowedHosts.includes(hostname))) {
    return Response.json({ message: "Host not allowed" }, { status: 403 });
  }
  const site = req.headers.get("sec-fetch-site");
  if (site === "cross-site" || site === "same-site") {
    return Response.json({ message: "Cross-site requests are refused" }, { status: 403 });
  }
  const origin = req.headers.get("origin");
  if (origin !== null && origin !== `http://${host}` && origin !== `https://${host}`) {
    return Response.json({ message: "Cross-origin requests are refused" }, { status: 403 });
  }
  return null;
}
