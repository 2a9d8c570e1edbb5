/**
 * A function's code on disk: its zip extracted once per code version into
 * workDir/code/{region}/{name}/{codeSha256}/, atomically (extract to a temp dir, then rename).
 */
import { existsSync, promises as fs } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { unzipSync } from "fflate";
import { AwsError } from "../errors";

/** Lambda's 502 for a package it cannot unzip (an Invoke error, not a function error). */
export const invalidZip = (message: string) =>
  new AwsError(502, "InvalidZipFileException", message, { extra: { Type: "User" }, messageKey: "Message" });

/**
 * The relative path a zip entry may be written to, or null for a directory entry. Throws for entries
 * that would escape the code directory (zip-slip): absolute paths, drive letters, `..` segments.
 */
export function safeEntryPath(name: string): string | null {
  const unified = name.replace(/\\/g, "/");
  if (unified.endsWith("/")) return null;
  if (unified.startsWith("/") || /^[A-Za-z]:/.test(unified) || unified.includes("\0")) {
    throw invalidZip(`Lambda was unable to unzip the deployment package: entry ${JSON.stringify(name)} is an absolute path`);
  }
  const parts = unified.split("/").filter((p) => p !== "" && p !== ".");
  if (parts.length === 0) return null;
  if (parts.some((p) => p === "..")) {
    throw invalidZip(`Lambda was unable to unzip the deployment package: entry ${JSON.stringify(name)} escapes the package`);
  }
  return parts.join("/");
}

/** A file-system-safe name for a base64 CodeSha256 (which may contain "/" and "+"). */
export function codeDirName(codeSha256: string): string {
  return Buffer.from(codeSha256, "base64").toString("hex") || "empty";
}

const extracting = new Map<string, Promise<string>>();
const settled = new Set<string>();

/** Extracts a function's zip once (cached per code version) and resolves the directory it lives in. */
export function extractCode(zipPath: string, workDir: string, region: string, functionName: string, codeSha256: string): Promise<string> {
  const dir = path.join(workDir, "code", region, functionName, codeDirName(codeSha256));
  let p = extracting.get(dir);
  // Extracted before, but the directory was removed since (a wiped state dir): extract again.
  if (p && settled.has(dir) && !existsSync(dir)) p = undefined;
  if (!p) {
    p = doExtract(zipPath, dir);
    extracting.set(dir, p);
    // A failure is not cached: the next invocation tries again (the zip may be written by then).
    p.then(
      () => settled.add(dir),
      () => extracting.delete(dir),
    );
  }
  return p;
}

async function doExtract(zipPath: string, dir: string): Promise<string> {
  if (await exists(dir)) return dir;
  let zip: Buffer;
  try {
    zip = await fs.readFile(zipPath);
  } catch (e) {
    throw new Error(`function code not found at ${zipPath}: ${(e as Error).message}`);
  }
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zip);
  } catch (e) {
    throw invalidZip(`Lambda was unable to unzip the deployment package: ${(e as Error).message}`);
  }
  const files: Array<[string, Uint8Array]> = [];
  for (const [name, data] of Object.entries(entries)) {
    const rel = safeEntryPath(name);
    if (rel !== null) files.push([rel, data]);
  }
  await fs.mkdir(path.dirname(dir), { recursive: true });
  const tmp = `${dir}.tmp-${randomBytes(6).toString("hex")}`;
  try {
    for (const [rel, data] of files) {
      const target = path.join(tmp, rel);
      // Belt and braces after safeEntryPath: the resolved path must stay inside the temp dir.
      if (!target.startsWith(tmp + path.sep)) throw invalidZip(`Lambda was unable to unzip the deployment package: entry ${rel} escapes the package`);
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, data);
    }
    await fs.mkdir(tmp, { recursive: true });
    try {
      await fs.rename(tmp, dir);
    } catch (e) {
      // Another process extracted the same version first: theirs is as good as ours.
      if (!(await exists(dir))) throw e;
    }
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
  }
  return dir;
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.access(p);
    return true;
  } catch {
    return false;
  }
}
