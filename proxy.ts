import { NextResponse, type NextRequest } from "next/server";
import { getConfig } from "@/lib/config";
import {
  ACCESS_COOKIE,
  effectiveHost,
  hasValidToken,
  isAllowedHost,
  safeEqual,
  tokenRequired,
  type SecurityConfig,
} from "@/lib/security/policy";

/**
 * The dashboard's front door (docs/security.md promises 1–2), run before every page, action and route handler:
 * a Host that is not loopback or explicitly allowed gets 403 (DNS rebinding); beyond loopback, a request
 * without the access-token cookie gets 401, and `?token=` sets that cookie once. Actions and route
 * handlers repeat these checks themselves (lib/security/request-guard.ts) and add the Origin check.
 */
export function proxy(request: NextRequest) {
  const c = getConfig();
  // The same fields as lib/security/request-guard.ts's securityConfig(), which is server-only.
  const cfg: SecurityConfig = {
    allowedHosts: c.allowedHosts,
    trustProxy: c.trustProxy,
    trustedProxies: c.trustedProxies,
    peerNonce: c.peerNonce,
    accessToken: c.accessToken,
    bindHost: c.hostname,
  };
  const get = (name: string) => request.headers.get(name);

  if (!isAllowedHost(effectiveHost(get, cfg), cfg)) {
    return new NextResponse(
      "403 Forbidden: this Host is not allowed (BinaryGate answers only loopback names and BINARYGATE_ALLOWED_HOSTS).\n",
      {
        status: 403,
        headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
      },
    );
  }

  if (!tokenRequired(cfg)) return NextResponse.next();
  // Liveness only (no target data beyond its kind): the start script polls it before the token is used.
  if (request.nextUrl.pathname === "/api/health") return NextResponse.next();

  const offered = request.nextUrl.searchParams.get("token");
  if (offered !== null && cfg.accessToken && safeEqual(offered, cfg.accessToken)) {
    // Move the token from the URL into an HttpOnly cookie at once, so it leaves the address bar and history.
    const clean = request.nextUrl.clone();
    clean.searchParams.delete("token");
    const res = NextResponse.redirect(clean, 303);
    res.cookies.set(ACCESS_COOKIE, cfg.accessToken, {
      httpOnly: true,
      sameSite: "strict",
      path: "/",
      secure: clean.protocol === "https:",
    });
    res.headers.set("cache-control", "no-store");
    return res;
  }
  if (hasValidToken(request.cookies.get(ACCESS_COOKIE)?.value, cfg)) return NextResponse.next();

  const hint = cfg.accessToken
    ? "Open the URL with ?token=… that `npm start` printed when it started."
    : "BINARYGATE_ACCESS_TOKEN is not set: listening beyond loopback requires it. Restart with a token.";
  return new NextResponse(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>401 · BinaryGate</title></head><body style="font-family:system-ui;margin:3rem"><h1>Access token required</h1><p>${hint}</p></body></html>`,
    { status: 401, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } },
  );
}
