import "server-only";
import { headers } from "next/headers";
import { getConfig } from "@/lib/config";
import { checkRequest, type RequestVerdict, type SecurityConfig } from "./policy";

/** The security settings from validated config. */
export function securityConfig(): SecurityConfig {
  const c = getConfig();
  return {
    allowedHosts: c.allowedHosts,
    trustProxy: c.trustProxy,
    trustedProxies: c.trustedProxies,
    peerNonce: c.peerNonce,
    accessToken: c.accessToken,
    bindHost: c.hostname,
  };
}

/**
 * Re-checks the current request inside a server action or route handler (docs/security.md promises 2–3): Host, access
 * token and, for writes, Origin. Never trust that proxy.ts ran (CVE-2025-29927).
 */
export async function guardRequest(opts: { write: boolean }): Promise<RequestVerdict> {
  const h = await headers();
  return checkRequest((name) => h.get(name), securityConfig(), opts);
}

/** Checks a route handler's Request the same way. */
export function guardRouteRequest(request: Request, opts: { write: boolean }): RequestVerdict {
  return checkRequest((name) => request.headers.get(name), securityConfig(), opts);
}
