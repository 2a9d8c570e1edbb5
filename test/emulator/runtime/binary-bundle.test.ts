/**
 * Workers load lib/binary from a bundle built on first use and named by its sources' hash: nothing built is
 * committed, and a changed source can never be served by a stale bundle.
 */
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { binaryBundle, binarySourceHash } from "../../../lib/emulator/runtime/binary-bundle";

const root = path.resolve(__dirname, "../../..");
const tmp = mkdtempSync(path.join(os.tmpdir(), "bg-bundle-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("lib/binary's worker bundle", () => {
  it("builds once into the cache and loads as plain CommonJS with lib/binary's exports", () => {
    const cache = path.join(tmp, "cache");
    const file = binaryBundle(root, cache);
    expect(file).not.toBeNull();
    expect(readdirSync(cache)).toEqual([path.basename(file!)]);
    expect(binaryBundle(root, cache)).toBe(file);
    const lib = createRequire(__filename)(file!) as Record<string, unknown>;
    expect(typeof lib.lambdaResultToResponse).toBe("function");
    expect(lib.LAMBDA_RESPONSE_LIMIT_BYTES).toBe(6291556);
  });

  it("names the bundle by the sources: a change to any of them gives another name", () => {
    const copy = path.join(tmp, "binary");
    cpSync(path.join(root, "lib", "binary"), copy, { recursive: true });
    const before = binarySourceHash(copy, "0.28.2");
    expect(binarySourceHash(copy, "0.28.2")).toBe(before);
    expect(binarySourceHash(copy, "0.28.3")).not.toBe(before);
    writeFileSync(path.join(copy, "limits.ts"), "export const X = 1;\n", { flag: "a" });
    expect(binarySourceHash(copy, "0.28.2")).not.toBe(before);
    // Tests are not part of what workers load.
    const afterEdit = binarySourceHash(copy, "0.28.2");
    writeFileSync(path.join(copy, "limits.test.ts"), "// changed\n", { flag: "a" });
    expect(binarySourceHash(copy, "0.28.2")).toBe(afterEdit);
  });
});
