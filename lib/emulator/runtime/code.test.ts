import { afterAll, describe, expect, it } from "vitest";
import { existsSync, lstatSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { zipSync, strToU8 } from "fflate";
import { codeDirName, extractCode, safeEntryPath } from "./code";

const tmp = mkdtempSync(path.join(os.tmpdir(), "bg-code-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("safeEntryPath", () => {
  it.each([
    ["index.js", "index.js"],
    ["src/app.js", "src/app.js"],
    ["./src//app.js", "src/app.js"],
    ["src/", null],
    ["a\\b.js", "a/b.js"],
  ])("keeps %s inside the package", (name, want) => {
    expect(safeEntryPath(name)).toBe(want);
  });

  it.each(["../evil.js", "src/../../evil.js", "/etc/passwd", "C:/x.js", "..\\evil.js", "a/..", "x\0y"])(
    "refuses %s (zip-slip)",
    (name) => {
      expect(() => safeEntryPath(name)).toThrow(/unable to unzip/);
    },
  );
});

describe("extractCode", () => {
  it("extracts once per code version, nested directories included", async () => {
    const zip = path.join(tmp, "ok.zip");
    writeFileSync(zip, zipSync({ "index.js": strToU8("exports.x = 1"), "src/lib/util.js": strToU8("u") }));
    const sha = "q83vEjRWeJA+/w==";
    const dir = await extractCode(zip, path.join(tmp, "work"), "us-east-1", "fn", sha);
    expect(dir).toBe(path.join(tmp, "work", "code", "us-east-1", "fn", codeDirName(sha)));
    expect(codeDirName(sha)).not.toMatch(/[/+=]/);
    expect(readFileSync(path.join(dir, "src/lib/util.js"), "utf8")).toBe("u");
    // Cached: a changed zip under the same version is not re-read (versions are immutable, by hash).
    writeFileSync(zip, zipSync({ "index.js": strToU8("exports.x = 2") }));
    expect(await extractCode(zip, path.join(tmp, "work"), "us-east-1", "fn", sha)).toBe(dir);
    expect(readFileSync(path.join(dir, "index.js"), "utf8")).toBe("exports.x = 1");
    // No temp directories left behind.
    expect(readdirSync(path.dirname(dir)).filter((n) => n.includes(".tmp-"))).toEqual([]);
  });

  it("refuses a zip-slip package and writes nothing outside (or inside) the code dir", async () => {
    const zip = path.join(tmp, "slip.zip");
    writeFileSync(zip, zipSync({ "index.js": strToU8("x"), "../../escaped.js": strToU8("evil") }));
    await expect(extractCode(zip, path.join(tmp, "work2"), "us-east-1", "slip", "AAAA")).rejects.toMatchObject({
      type: "InvalidZipFileException",
      status: 502,
    });
    expect(existsSync(path.join(tmp, "work2", "code", "us-east-1", "escaped.js"))).toBe(false);
    expect(existsSync(path.join(tmp, "work2", "code", "us-east-1", "slip", codeDirName("AAAA")))).toBe(false);
  });

  it("writes a symlink entry as a plain file holding its target, never as a link", async () => {
    const zip = path.join(tmp, "link.zip");
    // Unix mode 0120777 (S_IFLNK) in the upper 16 bits of the external attributes, made on Unix (os 3).
    writeFileSync(
      zip,
      zipSync({ "index.js": strToU8("x"), passwd: [strToU8("/etc/passwd"), { os: 3, attrs: 0o120777 << 16 }] }),
    );
    const dir = await extractCode(zip, path.join(tmp, "work4"), "us-east-1", "link", "AAAC");
    expect(lstatSync(path.join(dir, "passwd")).isSymbolicLink()).toBe(false);
    expect(readFileSync(path.join(dir, "passwd"), "utf8")).toBe("/etc/passwd");
  });

  it("refuses a file that is not a zip", async () => {
    const zip = path.join(tmp, "bad.zip");
    writeFileSync(zip, "not a zip at all");
    await expect(extractCode(zip, path.join(tmp, "work3"), "us-east-1", "bad", "AAAB")).rejects.toMatchObject({
      type: "InvalidZipFileException",
    });
  });
});
