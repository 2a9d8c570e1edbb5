// Zip bombs that lie about their size (docs/security.md promise 16): the 250 MB unzipped limit counts real bytes while
// inflating, and inflating never blocks the emulator's event loop — other API calls keep being answered.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GetRestApisCommand } from "@aws-sdk/client-api-gateway";
import { CreateFunctionCommand, InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { existsSync, readdirSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { constants, crc32, deflateRawSync } from "node:zlib";
import { extractCode, measureZip, UnzippedTooLargeError } from "@/lib/emulator/runtime/code";
import { apigw, errorOf, freshEmulator } from "../emulator/core/helpers";

const LIMIT = 262_144_000;
const MiB = 1 << 20;

// One MiB of text-like bytes, deflated once and flushed to a byte boundary: N copies of it followed by an empty
// final block is a valid deflate stream of N MiB, built in microseconds (a real 300 MB deflate would take seconds).
const plain = Buffer.alloc(MiB, "the quick brown fox jumps over the lazy dog\n");
const segment = deflateRawSync(plain, { level: 6, finishFlush: constants.Z_SYNC_FLUSH });
const deflatedMiB = (n: number) => Buffer.concat([...Array<Buffer>(n).fill(segment), Buffer.from([0x03, 0x00])]);

interface Entry {
  name: string;
  data: Buffer;
  method: 0 | 8;
  realSize: number;
  /** What the zip claims; a lie when it differs from realSize. */
  declaredSize?: number;
  crc?: number;
}

/** A zip written byte by byte, so that its central directory can claim any size. */
function zipOf(entries: Entry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const declared = e.declaredSize ?? e.realSize;
    const crc = e.crc ?? 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(e.method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(declared, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.data);
    centrals.push(central, name);
    offset += 30 + name.length + e.data.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

const handler = (source: string): Entry => ({
  name: "index.js",
  data: Buffer.from(source),
  method: 0,
  realSize: source.length,
});
const big = (name: string, mib: number, declaredSize?: number): Entry => {
  let crc = 0;
  for (let i = 0; i < mib; i++) crc = crc32(plain, crc);
  return { name, data: deflatedMiB(mib), method: 8, realSize: mib * MiB, declaredSize, crc };
};

/** Runs `op` while calling GetRestApis back to back; returns the op's duration and each call's latency. */
async function pingDuring(sdk: ReturnType<typeof apigw>, op: () => Promise<unknown>) {
  let settled = false;
  const start = performance.now();
  const running = op()
    .then(
      (value) => ({ value, error: undefined as unknown }),
      (error: unknown) => ({ value: undefined, error }),
    )
    .finally(() => (settled = true));
  const latencies: number[] = [];
  while (!settled) {
    const t = performance.now();
    await sdk.send(new GetRestApisCommand({}));
    latencies.push(performance.now() - t);
  }
  const outcome = await running;
  const opMs = performance.now() - start;
  console.log(
    `op ${opMs.toFixed(0)} ms; ${latencies.length} other calls, slowest ${Math.max(...latencies).toFixed(0)} ms`,
  );
  return { opMs, latencies, ...outcome };
}

describe("measureZip counts real bytes (docs/security.md promise 16)", () => {
  it("stops a zip that declares 1 KB per entry at the limit, whatever it really holds", async () => {
    const bomb = zipOf([handler("x"), big("a.bin", 200, 1024), big("b.bin", 200, 1024)]);
    expect(bomb.length).toBeLessThan(2_000_000);
    const err = await measureZip(bomb).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnzippedTooLargeError);
    // It stopped within one 64 KB chunk of the limit: it never inflated the other 150 MB.
    expect((err as UnzippedTooLargeError).counted).toBeLessThanOrEqual(LIMIT + 64 * 1024);
  });

  it("counts an honest zip exactly, and a zip that over-declares its size by what it holds", async () => {
    expect(await measureZip(zipOf([handler("abc"), big("a.bin", 3)]))).toBe(3 + 3 * MiB);
    expect(await measureZip(zipOf([big("a.bin", 1, 4_000_000_000)]))).toBe(MiB);
  });
});

describe("the emulator with zip bombs (docs/security.md promise 16)", () => {
  let emu: Awaited<ReturnType<typeof freshEmulator>>;
  let lambda: LambdaClient;
  let sdk: ReturnType<typeof apigw>;
  const base = {
    Runtime: "nodejs20.x" as const,
    Role: "arn:aws:iam::000000000000:role/lambda-role",
    Handler: "index.handler",
  };

  beforeAll(async () => {
    emu = await freshEmulator();
    lambda = new LambdaClient({
      region: "us-east-1",
      endpoint: emu.url,
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
    });
    sdk = apigw(emu.url);
    await sdk.send(new GetRestApisCommand({}));
  });
  afterAll(async () => {
    lambda?.destroy();
    sdk?.destroy();
    await emu?.dispose();
  });

  it("CreateFunction refuses a 300 MB bomb that declares 2 KB, with AWS's error, and keeps answering meanwhile", async () => {
    const bomb = zipOf([handler("exports.handler = async () => 1;"), big("bomb.bin", 300, 2048)]);
    const run = await pingDuring(sdk, () =>
      lambda.send(new CreateFunctionCommand({ ...base, FunctionName: "bomb", Code: { ZipFile: bomb } })),
    );
    const err = run.error as { name: string; message: string } | undefined;
    expect(err?.name).toBe("InvalidParameterValueException");
    expect(err?.message).toBe("Unzipped size must be smaller than 262144000 bytes");
    // Compared with the call itself, never with a fixed time: the other API kept answering all along.
    expect(run.latencies.length).toBeGreaterThanOrEqual(5);
    expect(Math.max(...run.latencies)).toBeLessThan(run.opMs / 5);
    expect((await errorOf(() => lambda.send(new InvokeCommand({ FunctionName: "bomb" })))).name).toBe(
      "ResourceNotFoundException",
    );
  });

  it("the first Invoke extracts a 100 MB package without blocking other API calls", async () => {
    const pkg = zipOf([handler("exports.handler = async () => ({ ok: true });"), big("data.bin", 100)]);
    await lambda.send(new CreateFunctionCommand({ ...base, FunctionName: "large", Code: { ZipFile: pkg } }));
    const run = await pingDuring(sdk, () => lambda.send(new InvokeCommand({ FunctionName: "large" })));
    expect(run.error).toBeUndefined();
    expect(run.latencies.length).toBeGreaterThanOrEqual(5);
    expect(Math.max(...run.latencies)).toBeLessThan(run.opMs / 5);
  });

  it("extraction stops at the limit too (a package stored before the check, or written by hand)", async () => {
    const zipPath = path.join(emu.stateDir, "bomb.zip");
    await writeFile(zipPath, zipOf([handler("x"), big("bomb.bin", 260, 10)]));
    const workDir = path.join(emu.stateDir, "extract-test");
    const err = await extractCode(zipPath, workDir, "us-east-1", "bomb", "AAAA").catch((e: unknown) => e);
    expect(err).toMatchObject({ type: "InvalidZipFileException", status: 502 });
    expect((err as Error).message).toBe(
      "Lambda was unable to unzip the deployment package: Unzipped size must be smaller than 262144000 bytes",
    );
    // Nothing left behind: the temp directory is removed, no code directory appears.
    const fnDir = path.join(workDir, "code", "us-east-1", "bomb");
    expect(existsSync(fnDir) ? readdirSync(fnDir) : []).toEqual([]);
  });
});
