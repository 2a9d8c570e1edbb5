import { describe, expect, it } from "vitest";
import { isLoopbackAddress } from "./http";

// Fault injection is accepted only from these peers (server.ts), even when the emulator listens wider.
describe("isLoopbackAddress", () => {
  it.each([
    ["127.0.0.1", true],
    ["127.10.20.30", true],
    ["::1", true],
    ["::ffff:127.0.0.1", true],
    ["10.0.0.5", false],
    ["192.168.1.20", false],
    ["::ffff:192.168.1.20", false],
    ["fe80::1", false],
    ["1270.0.0.1", false],
    ["127.0.0.1.evil", false],
    ["", false],
    [undefined, false],
  ])("%s → %s", (address, loopback) => {
    expect(isLoopbackAddress(address)).toBe(loopback);
  });
});
