import { describe, expect, it } from "vitest";
import { isLoopbackAddress, isLoopbackBind, isLoopbackHostname } from "@/lib/security/loopback";

// The one loopback rule (docs/security.md promises 1, 2, 13): the dashboard's and the emulator's Host checks, the fault
// injection peer check and every bind check call these three functions.
describe("isLoopbackAddress: a socket's peer address", () => {
  it.each([
    ["127.0.0.1", true],
    ["127.10.20.30", true],
    ["127.255.255.255", true],
    ["::1", true],
    ["0:0:0:0:0:0:0:1", true],
    ["::ffff:127.0.0.1", true],
    ["10.0.0.5", false],
    ["192.168.1.20", false],
    ["::ffff:192.168.1.20", false],
    ["fe80::1", false],
    ["::", false],
    ["1270.0.0.1", false],
    ["127.0.0.256", false],
    ["127.0.0.1.evil", false],
    ["localhost", false],
    ["", false],
    [undefined, false],
  ])("%s → %s", (address, loopback) => {
    expect(isLoopbackAddress(address)).toBe(loopback);
  });
});

describe("isLoopbackHostname: a Host header's name", () => {
  it.each([
    ["localhost", true],
    ["LOCALHOST", true],
    ["localhost.", true],
    ["abc123.execute-api.localhost", true],
    ["127.0.0.1", true],
    ["::1", true],
    ["attacker.example", false],
    ["localhost.attacker.example", false],
    ["127.0.0.1.nip.io", false],
    ["localhostx", false],
    ["0.0.0.0", false],
  ])("%s → %s", (name, loopback) => {
    expect(isLoopbackHostname(name)).toBe(loopback);
  });
});

describe("isLoopbackBind: an address a server is told to listen on", () => {
  it.each([
    [undefined, true],
    ["127.0.0.1", true],
    ["localhost", true],
    ["::1", true],
    ["[::1]", true],
    ["0.0.0.0", false],
    ["::", false],
    ["192.168.1.20", false],
    ["my-host", false],
  ])("%s → %s", (bind, loopback) => {
    expect(isLoopbackBind(bind)).toBe(loopback);
  });
});
