import { describe, expect, it } from "vitest";
import { tokenRequired } from "@/lib/security/policy";
import { parseConfig } from "./config";

describe("dashboard bind address (docs/security.md promise 1)", () => {
  it("HOSTNAME is not read: Docker sets it to the container id, which must not demand a token", () => {
    const c = parseConfig({ HOSTNAME: "3f2a9c1e0b7d" });
    expect(c.hostname).toBeUndefined();
    expect(tokenRequired({ accessToken: c.accessToken, bindHost: c.hostname })).toBe(false);
  });
  it("BINARYGATE_DASHBOARD_HOST is the bind address; beyond loopback a token is required", () => {
    const c = parseConfig({ BINARYGATE_DASHBOARD_HOST: "0.0.0.0", HOSTNAME: "127.0.0.1" });
    expect(c.hostname).toBe("0.0.0.0");
    expect(tokenRequired({ accessToken: c.accessToken, bindHost: c.hostname })).toBe(true);
  });
});

describe("trusted proxy settings (docs/security.md promise 3)", () => {
  it("BINARYGATE_TRUST_PROXY=1 without the proxy's address is refused with a readable message", () => {
    expect(() => parseConfig({ BINARYGATE_TRUST_PROXY: "1" })).toThrow(
      /BINARYGATE_TRUSTED_PROXY: .*needs the proxy's address/,
    );
  });
  it("the addresses are normalised", () => {
    const c = parseConfig({
      BINARYGATE_TRUST_PROXY: "1",
      BINARYGATE_TRUSTED_PROXY: " 10.0.0.5, [::1], ::FFFF:10.0.0.6",
    });
    expect(c.trustedProxies).toEqual(["10.0.0.5", "::1", "10.0.0.6"]);
  });
});

describe("control-plane deadline", () => {
  it("defaults to 30 s and refuses nonsense", () => {
    expect(parseConfig({}).awsTimeoutMs).toBe(30_000);
    expect(() => parseConfig({ BINARYGATE_AWS_TIMEOUT_MS: "soon" })).toThrow(/BINARYGATE_AWS_TIMEOUT_MS/);
  });
});
