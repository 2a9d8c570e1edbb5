import { describe, expect, it } from "vitest";
import {
  checkOrigin,
  checkRequest,
  effectiveHost,
  hostnameOf,
  isAllowedHost,
  PEER_HEADER,
  readCookie,
  safeEqual,
  tokenRequired,
  type SecurityConfig,
} from "./policy";

const base: SecurityConfig = { allowedHosts: [], trustProxy: false, accessToken: undefined, bindHost: "127.0.0.1" };
const headersOf = (h: Record<string, string>) => (name: string) => h[name] ?? null;
const NONCE = "n".repeat(64);
const behindProxy: SecurityConfig = { ...base, trustProxy: true, trustedProxies: ["10.0.0.5"], peerNonce: NONCE };

describe("X-Forwarded-Host with BINARYGATE_TRUST_PROXY=1 (docs/security.md promise 3)", () => {
  // What a DNS-rebinding page sends straight to the dashboard: its own name as Host, a loopback X-Forwarded-Host.
  const rebinding = { host: "attacker.example:3000", "x-forwarded-host": "localhost:3000" };
  it("is not honoured from a client that is not the configured proxy", () => {
    expect(checkRequest(headersOf(rebinding), behindProxy, { write: false })).toMatchObject({ ok: false, status: 403 });
    const otherPeer = headersOf({ ...rebinding, [PEER_HEADER]: `${NONCE} 127.0.0.1` });
    expect(checkRequest(otherPeer, behindProxy, { write: false })).toMatchObject({ ok: false, status: 403 });
  });
  it("is not honoured when the peer stamp is forged (wrong nonce, or none configured as under plain next start)", () => {
    const forged = headersOf({ ...rebinding, [PEER_HEADER]: `${"x".repeat(64)} 10.0.0.5` });
    expect(checkRequest(forged, behindProxy, { write: false })).toMatchObject({ ok: false, status: 403 });
    const stamped = headersOf({ ...rebinding, [PEER_HEADER]: `${NONCE} 10.0.0.5` });
    expect(checkRequest(stamped, { ...behindProxy, peerNonce: undefined }, { write: false })).toMatchObject({
      status: 403,
    });
  });
  it("is honoured from the configured proxy, IPv4-mapped IPv6 included", () => {
    for (const peer of ["10.0.0.5", "::ffff:10.0.0.5"]) {
      const h = headersOf({ ...rebinding, [PEER_HEADER]: `${NONCE} ${peer}` });
      expect(checkRequest(h, behindProxy, { write: false }), peer).toEqual({ ok: true });
      expect(effectiveHost(h, behindProxy)).toBe("localhost:3000");
    }
  });
});

describe("Host allow-list (docs/security.md promise 2, DNS rebinding)", () => {
  it.each([
    ["localhost:3000", true],
    ["127.0.0.1:3000", true],
    ["127.5.6.7", true],
    ["[::1]:3000", true],
    ["dash.localhost:3000", true],
    ["LOCALHOST", true],
    ["evil.example", false],
    ["evil.example:3000", false],
    ["127.0.0.1.evil.example", false],
    ["localhost.evil.example", false],
    ["", false],
    ["a b", false],
    ["user@localhost", false],
    ["[::1", false],
  ])("%s → %s", (host, ok) => {
    expect(isAllowedHost(host, base)).toBe(ok);
  });
  it("accepts configured names, by name or name:port", () => {
    expect(isAllowedHost("dash.corp:3000", { allowedHosts: ["dash.corp"] })).toBe(true);
    expect(isAllowedHost("dash.corp:3000", { allowedHosts: ["dash.corp:3000"] })).toBe(true);
    expect(isAllowedHost("dash.corp:4000", { allowedHosts: ["dash.corp:3000"] })).toBe(false);
  });
  it("hostnameOf strips port and brackets", () => {
    expect(hostnameOf("[::1]:80")).toBe("::1");
    expect(hostnameOf("Example.COM.:80")).toBe("example.com");
  });
});

describe("Origin check for writes (docs/security.md promise 3)", () => {
  it.each([
    [undefined, "missing Origin header"],
    ["", "missing Origin header"],
    ["null", "Origin: null"],
    ["http://evil.example", "foreign Origin"],
    ["http://127.0.0.1:3001", "foreign Origin"],
    ["file://x", "foreign Origin"],
    ["not a url", "malformed Origin"],
  ])("%s is refused (%s)", (origin, reason) => {
    expect(checkOrigin(origin, "127.0.0.1:3000")).toEqual({ ok: false, reason });
  });
  it("the same host is accepted", () => {
    expect(checkOrigin("http://127.0.0.1:3000", "127.0.0.1:3000")).toEqual({ ok: true });
  });
});

describe("checkRequest", () => {
  it("ignores X-Forwarded-Host unless a trusted proxy is configured", () => {
    const h = headersOf({ host: "evil.example", "x-forwarded-host": "localhost:3000" });
    expect(checkRequest(h, base, { write: false })).toMatchObject({ ok: false, status: 403 });
    const h2 = headersOf({ host: "localhost:3000", "x-forwarded-host": "evil.example" });
    expect(checkRequest(h2, base, { write: false })).toEqual({ ok: true });
    // Honoured only from a configured proxy whose address our own server stamped (below).
    const fromProxy = headersOf({
      host: "localhost:3000",
      "x-forwarded-host": "evil.example",
      [PEER_HEADER]: `${NONCE} 10.0.0.5`,
    });
    expect(checkRequest(fromProxy, behindProxy, { write: false })).toMatchObject({ ok: false, status: 403 });
  });
  it("requires the token cookie when a token is set or the bind is not loopback (fail closed without one)", () => {
    const token = "t".repeat(32);
    expect(tokenRequired({ accessToken: undefined, bindHost: "127.0.0.1" })).toBe(false);
    expect(tokenRequired({ accessToken: undefined, bindHost: "0.0.0.0" })).toBe(true);
    const cfg = { ...base, accessToken: token, allowedHosts: ["dash.corp"] };
    const noCookie = headersOf({ host: "dash.corp" });
    expect(checkRequest(noCookie, cfg, { write: false })).toMatchObject({ ok: false, status: 401 });
    const wrong = headersOf({ host: "dash.corp", cookie: `binarygate_access=${"x".repeat(32)}` });
    expect(checkRequest(wrong, cfg, { write: false })).toMatchObject({ ok: false, status: 401 });
    const right = headersOf({ host: "dash.corp", cookie: `a=b; binarygate_access=${token}` });
    expect(checkRequest(right, cfg, { write: false })).toEqual({ ok: true });
    const open = headersOf({ host: "dash.corp", cookie: "binarygate_access=" });
    expect(checkRequest(open, { ...cfg, accessToken: undefined, bindHost: "0.0.0.0" }, { write: false })).toMatchObject(
      { ok: false, status: 401 },
    );
  });
  it("writes need a same-origin Origin", () => {
    const h = headersOf({ host: "localhost:3000" });
    expect(checkRequest(h, base, { write: true })).toEqual({ ok: false, status: 403, reason: "missing Origin header" });
    expect(
      checkRequest(headersOf({ host: "localhost:3000", origin: "http://localhost:3000" }), base, { write: true }),
    ).toEqual({ ok: true });
  });
  it("helpers", () => {
    expect(readCookie("a=1; b=%20x", "b")).toBe(" x");
    expect(safeEqual("abc", "abc")).toBe(true);
    expect(safeEqual("abc", "abd")).toBe(false);
    expect(safeEqual("abc", "abcd")).toBe(false);
  });
});
