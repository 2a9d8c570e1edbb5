/**
 * A function's code on disk: its zip checked and extracted once per code version into
 * workDir/code/{region}/{name}/{codeSha256}/, atomically (extract to a temp dir, then rename).
 * Sizes are counted while inflating, never taken from what the zip declares, and inflating runs in zlib's
 * thread pool in chunks, so a zip bomb neither fills the disk nor blocks the event loop (docs/security.md promise 16).
 */
import { createWriteStream, existsSync, promises as fs } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { Readable, Transform, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createInflateRaw } from "node:zlib";
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
    throw invalidZip(
      `Lambda was unable to unzip the deployment package: entry ${JSON.stringify(name)} is an absolute path`,
    );
  }
  const parts = unified.split("/").filter((p) => p !== "" && p !== ".");
  if (parts.length === 0) return null;
  if (parts.some((p) => p === "..")) {
    throw invalidZip(
      `Lambda was unable to unzip the deployment package: entry ${JSON.stringify(name)} escapes the package`,
    );
  }
  return parts.join("/");
}

/** A file-system-safe name for a base64 CodeSha256 (which may contain "/" and "+"). */
export function codeDirName(codeSha256: string): string {
  return Buffer.from(codeSha256, "base64").toString("hex") || "empty";
}

/**
 * Lambda's limit on a function's unzipped code, counted in real bytes:
 * https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html ("250 MB … unzipped").
 */
export const UNZIPPED_LIMIT_BYTES = 262_144_000;

/** The zip is not one Lambda can read (not a zip, truncated, encrypted, an unknown compression method). */
export class ZipFormatError extends Error {}

/** The zip inflates to more than its budget; `counted` is how far inflating got before stopping. */
export class UnzippedTooLargeError extends Error {
  constructor(
    readonly limit: number,
    readonly counted: number,
  ) {
    super(`Unzipped size must be smaller than ${limit} bytes`);
  }
}

/** One file of a zip, from its central directory. Sizes there are claims: only `compressedSize` bounds a read. */
export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated: the two methods Lambda's packages use. */
  method: number;
  compressedSize: number;
  /** Where the entry's data starts in the zip. */
  dataOffset: number;
  directory: boolean;
}

const u16 = (b: Buffer, o: number) => b.readUInt16LE(o);
const u32 = (b: Buffer, o: number) => b.readUInt32LE(o);
const u64 = (b: Buffer, o: number) => Number(b.readBigUInt64LE(o));
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

function zip64Eocd(zip: Buffer, eocd: number): { count: number; cdOffset: number } {
  const locator = eocd - 20;
  if (locator < 0 || u32(zip, locator) !== 0x07064b50) {
    throw new ZipFormatError("missing zip64 end of central directory");
  }
  const at = u64(zip, locator + 8);
  if (at + 56 > zip.length || u32(zip, at) !== 0x06064b50) {
    throw new ZipFormatError("bad zip64 end of central directory");
  }
  return { count: u64(zip, at + 32), cdOffset: u64(zip, at + 48) };
}

/** Reads the central directory (yielding to the event loop every few thousand entries). */
export async function readZipEntries(zip: Buffer): Promise<ZipEntry[]> {
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (u32(zip, i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipFormatError("no end of central directory record");
  let count = u16(zip, eocd + 10);
  let cdOffset = u32(zip, eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) ({ count, cdOffset } = zip64Eocd(zip, eocd));
  const entries: ZipEntry[] = [];
  let at = cdOffset;
  for (let n = 0; n < count; n++) {
    if (n % 4096 === 4095) await yieldToLoop();
    if (at + 46 > zip.length || u32(zip, at) !== 0x02014b50) throw new ZipFormatError("bad central directory entry");
    const flags = u16(zip, at + 8);
    if (flags & 1) throw new ZipFormatError("encrypted entries are not supported");
    const nameLength = u16(zip, at + 28);
    const extraLength = u16(zip, at + 30);
    const name = zip.toString("utf8", at + 46, at + 46 + nameLength);
    let compressedSize = u32(zip, at + 20);
    let localOffset = u32(zip, at + 42);
    // Zip64: the 8-byte values follow in the 0x0001 extra field, in this order, for the fields set to 0xFFFFFFFF.
    const wide = [u32(zip, at + 24) === 0xffffffff, compressedSize === 0xffffffff, localOffset === 0xffffffff];
    if (wide.some(Boolean)) {
      const extra = zip.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength);
      for (let e = 0; e + 4 <= extra.length; e += 4 + u16(extra, e + 2)) {
        if (u16(extra, e) !== 0x0001) continue;
        let f = e + 4;
        if (wide[0]) f += 8;
        if (wide[1]) (compressedSize = u64(extra, f)), (f += 8);
        if (wide[2]) localOffset = u64(extra, f);
      }
    }
    if (localOffset + 30 > zip.length || u32(zip, localOffset) !== 0x04034b50) {
      throw new ZipFormatError("bad local header");
    }
    const dataOffset = localOffset + 30 + u16(zip, localOffset + 26) + u16(zip, localOffset + 28);
    if (dataOffset + compressedSize > zip.length) throw new ZipFormatError("entry data runs past the end of the zip");
    const method = u16(zip, at + 10);
    if (method !== 0 && method !== 8) throw new ZipFormatError(`unsupported compression method ${method}`);
    entries.push({ name, method, compressedSize, dataOffset, directory: name.endsWith("/") || name.endsWith("\\") });
    at += 46 + nameLength + extraLength + u16(zip, at + 32);
  }
  return entries;
}

/** A byte budget shared by every entry of one zip: inflating stops as soon as real bytes pass it. */
class Budget {
  used = 0;
  constructor(readonly limit: number) {}
  counter(): Transform {
    return new Transform({
      transform: (chunk: Buffer, _enc, done) => {
        this.used += chunk.length;
        if (this.used > this.limit) done(new UnzippedTooLargeError(this.limit, this.used));
        else done(null, chunk);
      },
    });
  }
}

/**
 * Streams one entry's real bytes into `sink` through the budget. Deflate runs in zlib's thread pool, 64 KB of
 * output at a time, so the event loop keeps serving other requests while a large entry inflates.
 */
async function inflateEntry(zip: Buffer, entry: ZipEntry, budget: Budget, sink: Writable): Promise<void> {
  const data = zip.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
  // Fed 16 KB at a time so that backpressure holds: zlib inflates a whole input chunk before pausing, and 16 KB
  // of a bomb inflates to at most ~16 MB (deflate's best ratio is about 1,032:1).
  const source = Readable.from(slices(data, 16 * 1024), { objectMode: false });
  try {
    if (entry.method === 0) await pipeline(source, budget.counter(), sink);
    else await pipeline(source, createInflateRaw({ chunkSize: 64 * 1024 }), budget.counter(), sink);
  } catch (e) {
    if (e instanceof UnzippedTooLargeError) throw e;
    if ((e as NodeJS.ErrnoException).code?.startsWith("Z_")) {
      throw new ZipFormatError(`${entry.name}: ${(e as Error).message}`);
    }
    throw e;
  }
}

function* slices(data: Buffer, size: number): Generator<Buffer> {
  for (let at = 0; at < data.length; at += size) yield data.subarray(at, at + size);
}

const discard = () => new Writable({ write: (_chunk, _enc, done) => done() });

/**
 * Counts a zip's real unzipped size by inflating every entry (writing nothing); throws UnzippedTooLargeError
 * as soon as it passes `limit`, ZipFormatError when the zip cannot be read. Never trusts declared sizes.
 */
export async function measureZip(zip: Buffer, limit = UNZIPPED_LIMIT_BYTES): Promise<number> {
  const budget = new Budget(limit);
  for (const entry of await readZipEntries(zip)) {
    if (!entry.directory) await inflateEntry(zip, entry, budget, discard());
  }
  return budget.used;
}

const extracting = new Map<string, Promise<string>>();
const settled = new Set<string>();

/** Extracts a function's zip once (cached per code version) and resolves the directory it lives in. */
export function extractCode(
  zipPath: string,
  workDir: string,
  region: string,
  functionName: string,
  codeSha256: string,
): Promise<string> {
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
  const unzipError = (e: unknown) =>
    e instanceof ZipFormatError || e instanceof UnzippedTooLargeError
      ? invalidZip(`Lambda was unable to unzip the deployment package: ${(e as Error).message}`)
      : e;
  let entries: ZipEntry[];
  try {
    entries = await readZipEntries(zip);
  } catch (e) {
    throw unzipError(e);
  }
  const files = entries.flatMap((entry) => {
    const rel = entry.directory ? null : safeEntryPath(entry.name);
    return rel === null ? [] : [{ rel, entry }];
  });
  await fs.mkdir(path.dirname(dir), { recursive: true });
  const tmp = `${dir}.tmp-${randomBytes(6).toString("hex")}`;
  const budget = new Budget(UNZIPPED_LIMIT_BYTES);
  try {
    await fs.mkdir(tmp, { recursive: true });
    for (const { rel, entry } of files) {
      const target = path.join(tmp, rel);
      // Belt and braces after safeEntryPath: the resolved path must stay inside the temp dir.
      if (!target.startsWith(tmp + path.sep))
        throw invalidZip(`Lambda was unable to unzip the deployment package: entry ${rel} escapes the package`);
      await fs.mkdir(path.dirname(target), { recursive: true });
      // Every entry becomes a regular file, symlink entries included (their target path as content): nothing in
      // a package can point outside it. "wx": a later duplicate name never follows what an earlier one made.
      await fs.rm(target, { force: true });
      await inflateEntry(zip, entry, budget, createWriteStream(target, { flags: "wx" })).catch((e: unknown) => {
        throw unzipError(e);
      });
    }
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
