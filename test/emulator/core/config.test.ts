// Emulator configuration: flags over env over defaults, zod-validated, loopback unless explicitly allowed.
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { parseCliArgs, resolveConfig } from "@/lib/emulator/config";

describe("parseCliArgs", () => {
  it("defaults: 127.0.0.1:4599, .binarygate/emulator, test/test/000000000000, no seed", () => {
    expect(parseCliArgs([], {}).config).toEqual({
      host: "127.0.0.1",
      port: 4599,
      stateDir: ".binarygate/emulator",
      accessKeyId: "test",
      secretAccessKey: "test",
      accountId: "000000000000",
      seed: false,
      allowOrigins: [],
      allowHosts: [],
    });
  });

  it("--allow-origin and --allow-host repeat, add to their env lists, and are checked", () => {
    const o = parseCliArgs(
      [
        "--allow-origin",
        "http://LocalHost:8080",
        "--allow-origin=https://tools.example",
        "--allow-host",
        "emu.lan:4599",
      ],
      { BINARYGATE_EMULATOR_ALLOW_ORIGINS: "http://127.0.0.1:5000", BINARYGATE_EMULATOR_ALLOW_HOSTS: "Dev.Box" },
    );
    expect(o.config.allowOrigins).toEqual(["http://127.0.0.1:5000", "http://localhost:8080", "https://tools.example"]);
    expect(o.config.allowHosts).toEqual(["dev.box", "emu.lan:4599"]);
    expect(() => parseCliArgs(["--allow-origin", "null"], {})).toThrow(/--allow-origin[\s\S]*never "null"/);
    expect(() => parseCliArgs(["--allow-origin", "http://x.example/path"], {})).toThrow(/--allow-origin/);
    expect(() => parseCliArgs(["--allow-host", "evil example"], {})).toThrow(/--allow-host[\s\S]*host name/);
  });

  it("env is read, flags win over env, --flag=value works", () => {
    const o = parseCliArgs(["--port=5000", "--no-seed", "--reset", "--account", "123456789012"], {
      BINARYGATE_EMULATOR_PORT: "4700",
      BINARYGATE_EMULATOR_STATE_DIR: "/tmp/x",
      BINARYGATE_EMULATOR_SEED: "1",
    });
    expect(o.config.port).toBe(5000);
    expect(o.config.stateDir).toBe("/tmp/x");
    expect(o.config.seed).toBe(false);
    expect(o.config.accountId).toBe("123456789012");
    expect(o.reset).toBe(true);
    expect(parseCliArgs(["--help"], {}).help).toBe(true);
  });

  it("every bad value is reported in one readable error", () => {
    expect(() => parseCliArgs(["--port", "abc", "--account", "12", "--bogus"], {})).toThrow(
      /invalid configuration[\s\S]*--bogus: unknown option[\s\S]*--port \/ BINARYGATE_EMULATOR_PORT: must be a number[\s\S]*--account: must be 12 digits/,
    );
    expect(() => parseCliArgs(["--port", "70000"], {})).toThrow(/must be 0\.\.65535/);
    expect(() => parseCliArgs([], { BINARYGATE_EMULATOR_SEED: "maybe" })).toThrow(/BINARYGATE_EMULATOR_SEED/);
    expect(() => parseCliArgs(["--access-key", "AKIAIOSFODNN7EXAMPLE"], {})).toThrow(/real AWS access key/);
  });

  it("a non-loopback host needs BINARYGATE_EMULATOR_ALLOW_REMOTE=1 (docs/security.md promise 1)", () => {
    expect(() => parseCliArgs(["--host", "0.0.0.0"], {})).toThrow(
      /refusing to listen on 0\.0\.0\.0[\s\S]*BINARYGATE_EMULATOR_ALLOW_REMOTE=1/,
    );
    expect(parseCliArgs(["--host", "0.0.0.0"], { BINARYGATE_EMULATOR_ALLOW_REMOTE: "1" }).config.host).toBe("0.0.0.0");
    expect(parseCliArgs(["--host", "localhost"], {}).config.host).toBe("localhost");
  });

  it("resolveConfig validates what startEmulator gets", () => {
    expect(resolveConfig({ port: 0 }).port).toBe(0);
    expect(() => resolveConfig({ accountId: "x" })).toThrow(/must be 12 digits/);
  });

  it("the CLI prints a clear error and exits 2 on bad flags", () => {
    const root = path.resolve(__dirname, "../../..");
    const r = spawnSync(process.execPath, ["--import", "tsx", "lib/emulator/cli.ts", "--host", "0.0.0.0"], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, BINARYGATE_EMULATOR_ALLOW_REMOTE: "" },
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("refusing to listen on 0.0.0.0");
  });
});
