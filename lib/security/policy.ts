/**
 * The dashboard's request policy (docs/security.md promises 1–3), as pure functions of headers and config so that
 * proxy.ts and every action/route handler apply the SAME rules (the check is repeated inside actions
 * because middleware has been bypassed before: CVE-2025-29927).
 */
import { isLoopbackBind, isLoopbackHostname } from "./loopback";

export { isLoopbackBind, isLoopbackHostname };

export interface SecurityConfig {
  allowedHosts: string[];
  trustProxy: boolean;
  /** Peers whose X-Forwarded-Host is honoured (BINARYGATE_TRUSTED_PROXY); absent or empty trusts nobody. */
  trustedProxies?: string[];
  /** The secret that proves a peer stamp came from scripts/serve-dashboard.ts; absent trusts no stamp. */
  peerNonce?: string;
  accessToken: string | undefined;
  /** The address the server was told to bind (BINARYGATE_DASHBOARD_HOST), if any. */
  bindHost: string | undefined;
}

/**
 * Request header in which scripts/serve-dashboard.ts passes "<nonce> <peer address>": Next gives proxy.ts and
 * actions no peer address, so the server that owns the socket stamps it (replacing any the client sent).
 */
export const PEER_HEADER = "x-binarygate-peer";

/** Name of the cookie that holds the access token (HttpOnly, SameSite=Strict). */
export const ACCESS_COOKIE = "binarygate_access";

/** A Host header's hostname, lower-cased, without port or IPv6 brackets; null if unparsable. */
export function hostnameOf(host: string | null | undefined): string | null {
  if (!host) return null;
  const h = host.trim().toLowerCase();
  if (h.length === 0 || h.length > 255 || /[\s/\\@?#]/.test(h)) return null;
  if (h.startsWith("[")) {
    const end = h.indexOf("]");
    if (end < 0) return null;
    const rest = h.slice(end + 1);
    if (rest !== "" && !/^:\d{1,5}$/.test(rest)) return null;
    return h.slice(1, end);
  }
  const m = /^([a-z0-9.-]+)(?::(\d{1,5}))?$/.exec(h);
  return m ? m[1].replace(/\.$/, "") : null;
}

/** An IP address as compared by the trusted-proxy check: lower-case, no brackets, IPv4-mapped IPv6 as IPv4. */
export function normalizeAddress(address: string): string {
  const a = address
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, "");
  return a.startsWith("::ffff:") && a.includes(".") ? a.slice(7) : a;
}

/** The peer address stamped by scripts/serve-dashboard.ts, or null when there is no stamp its nonce proves. */
export function stampedPeer(get: (name: string) => string | null, nonce: string | undefined): string | null {
  const raw = get(PEER_HEADER);
  if (!raw || !nonce) return null;
  const space = raw.indexOf(" ");
  if (space < 0 || !safeEqual(raw.slice(0, space), nonce)) return null;
  return normalizeAddress(raw.slice(space + 1));
}

/**
 * The Host the client addressed (docs/security.md promise 3): X-Forwarded-Host only when trust is on AND the request's
 * peer, as stamped by our own server, is a configured proxy. Anyone else could send that header — a DNS-rebinding
 * page included — so without a proven peer it is ignored (fail closed, e.g. under plain `next start`).
 */
export function effectiveHost(
  get: (name: string) => string | null,
  cfg: Pick<SecurityConfig, "trustProxy" | "trustedProxies" | "peerNonce">,
): string | null {
  if (cfg.trustProxy && cfg.trustedProxies?.length) {
    const peer = stampedPeer(get, cfg.peerNonce);
    const fwd = get("x-forwarded-host");
    if (peer && fwd && cfg.trustedProxies.includes(peer)) return fwd.split(",")[0].trim();
  }
  return get("host");
}

/** DNS-rebinding check (docs/security.md promise 2): loopback names, or names listed in BINARYGATE_ALLOWED_HOSTS. */
export function isAllowedHost(host: string | null | undefined, cfg: Pick<SecurityConfig, "allowedHosts">): boolean {
  const name = hostnameOf(host);
  if (!name) return false;
  if (isLoopbackHostname(name)) return true;
  const full = (host ?? "").trim().toLowerCase();
  return cfg.allowedHosts.some((allowed) => allowed === name || allowed === full);
}

export type OriginVerdict = { ok: true } | { ok: false; reason: string };

/**
 * Cross-site write check (docs/security.md promise 3): the Origin must be present, not "null", and be this very
 * host (same scheme-less authority as the Host the client addressed).
 */
export function checkOrigin(origin: string | null | undefined, host: string | null | undefined): OriginVerdict {
  if (origin === null || origin === undefined || origin === "") return { ok: false, reason: "missing Origin header" };
  if (origin.trim() === "null") return { ok: false, reason: "Origin: null" };
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return { ok: false, reason: "malformed Origin" };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return { ok: false, reason: "foreign Origin" };
  if (!host || url.host.toLowerCase() !== host.trim().toLowerCase()) return { ok: false, reason: "foreign Origin" };
  return { ok: true };
}

/**
 * True when requests must present the access token: a token is configured or the bind is beyond loopback
 * (docs/security.md promise 1).
 */
export function tokenRequired(cfg: Pick<SecurityConfig, "accessToken" | "bindHost">): boolean {
  return Boolean(cfg.accessToken) || !isLoopbackBind(cfg.bindHost);
}

/** Constant-time string comparison (no early exit on the first differing character). */
export function safeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) diff |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  return diff === 0;
}

/** True when the cookie holds the configured token. Without a configured token nothing is accepted (fail closed). */
export function hasValidToken(cookieValue: string | undefined, cfg: Pick<SecurityConfig, "accessToken">): boolean {
  return Boolean(cfg.accessToken && cookieValue && safeEqual(cookieValue, cfg.accessToken));
}

/** The value of one cookie from a Cookie header. */
export function readCookie(cookieHeader: string | null | undefined, name: string): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

export type RequestVerdict = { ok: true } | { ok: false; status: 401 | 403; reason: string };

/**
 * The full check of one request: Host, access token, and (for writes) Origin. Used by proxy.ts for every
 * request and by request-guard.ts inside every action and route handler.
 */
export function checkRequest(
  get: (name: string) => string | null,
  cfg: SecurityConfig,
  opts: { write: boolean },
): RequestVerdict {
  const host = effectiveHost(get, cfg);
  if (!isAllowedHost(host, cfg)) return { ok: false, status: 403, reason: "Host not allowed" };
  if (tokenRequired(cfg) && !hasValidToken(readCookie(get("cookie"), ACCESS_COOKIE), cfg)) {
    return { ok: false, status: 401, reason: "access token required" };
  }
  if (opts.write) {
    const origin = checkOrigin(get("origin"), host);
    if (!origin.ok) return { ok: false, status: 403, reason: origin.reason };
  }
  return { ok: true };
}
