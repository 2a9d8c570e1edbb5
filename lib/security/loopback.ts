/**
 * The one definition of "loopback" (docs/security.md promises 1–2, 13), shared by the dashboard's Host check, the
 * emulator's Host and peer checks, and the bind-address checks of both servers and `npm start`. Pure: no I/O.
 */

const IPV4_LOOPBACK = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function isIpv4Loopback(a: string): boolean {
  const m = IPV4_LOOPBACK.exec(a);
  return m !== null && m.slice(1).every((octet) => Number(octet) <= 255);
}

function isIpv6Loopback(a: string): boolean {
  // ::1 in any spelling (0:0:0:0:0:0:0:1, ::0:1, …) and IPv4-mapped 127/8 (::ffff:127.0.0.1).
  const lower = a.toLowerCase();
  if (lower.startsWith("::ffff:")) return isIpv4Loopback(lower.slice(7));
  if (!/^[0-9a-f:]+$/.test(lower) || (!lower.includes("::") && lower.split(":").length !== 8)) return false;
  const [head, tail = ""] = lower.split("::");
  const groups = [...head.split(":"), ...tail.split(":")].filter((g) => g !== "");
  if (groups.some((g) => g.length > 4)) return false;
  const values = groups.map((g) => Number.parseInt(g, 16));
  return values.length > 0 && values.slice(0, -1).every((v) => v === 0) && values[values.length - 1] === 1;
}

/**
 * True for a peer IP address on this machine (127.0.0.0/8, ::1, IPv4-mapped 127/8): what a socket's
 * remoteAddress says. Names are never peers, so `localhost` is false here.
 */
export function isLoopbackAddress(address: string | null | undefined): boolean {
  if (!address) return false;
  return isIpv4Loopback(address) || isIpv6Loopback(address);
}

/**
 * True for a host name or IP literal (lower-cased, no port, no brackets) that can only reach this machine:
 * loopback IPs, `localhost` and any `*.localhost` name (RFC 6761 §6.3; browsers resolve them to loopback
 * themselves, so DNS cannot rebind them — this is what keeps `{id}.execute-api.localhost` safe).
 */
export function isLoopbackHostname(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, "");
  if (h === "localhost" || h.endsWith(".localhost")) return true;
  return isLoopbackAddress(h);
}

/**
 * True when a bind address keeps a server on loopback. Accepts `[::1]` with brackets, as people type it;
 * unset means the project's default bind, 127.0.0.1.
 */
export function isLoopbackBind(bindHost: string | null | undefined): boolean {
  if (!bindHost) return true;
  return isLoopbackHostname(bindHost.trim().replace(/^\[|\]$/g, ""));
}
