/**
 * Micro-benchmark of lib/binary's hot path (not a test): `npx tsx lib/binary/bench.ts`.
 * Prints the median ms per call and MB/s for 1 and 5 MiB bodies, next to Node's own lenient Buffer decode as the
 * baseline, so the price of strictness is visible as a ratio measured in the same run.
 */
import { decodeBase64Strict, decodeBase64StrictPortable } from "./base64";
import { envelopeToResponse, lambdaResultToResponse } from "./response";
import { requestBodyToEvent } from "./request";
import { detectBase64Binary } from "./sniff";

const B = (globalThis as unknown as { Buffer: typeof Buffer }).Buffer;

function time(label: string, bytes: number, fn: () => unknown, iterations: number): number {
  for (let i = 0; i < 3; i++) fn(); // warm up
  // Median of single runs: allocation-heavy calls make means swing with GC pauses on a shared machine.
  const runs: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    fn();
    runs.push(performance.now() - t0);
  }
  runs.sort((a, b) => a - b);
  const ms = runs[runs.length >> 1];
  console.log(
    `${label.padEnd(58)} ${ms.toFixed(2).padStart(8)} ms  ${(bytes / 1e6 / (ms / 1e3)).toFixed(0).padStart(6)} MB/s`,
  );
  return ms;
}

for (const mib of [1, 5]) {
  const raw = new Uint8Array(mib * 1024 * 1024);
  for (let i = 0; i < raw.length; i++) raw[i] = (i * 2654435761) >>> 24;
  const b64 = B.from(raw).toString("base64");
  const b64Bytes = new Uint8Array(B.from(b64, "latin1"));
  const n = mib === 1 ? 41 : 15;
  console.log(`\n== ${mib} MiB raw (${b64.length} base64 chars) ==`);
  const base = time("baseline: Buffer.from(string, 'base64') (lenient)", b64.length, () => B.from(b64, "base64"), n);
  const s = time("decodeBase64Strict(string)", b64.length, () => decodeBase64Strict(b64), n);
  const u = time("decodeBase64Strict(Uint8Array)", b64.length, () => decodeBase64Strict(b64Bytes), n);
  const re = time(
    "alt: regex check + Buffer.from (string)",
    b64.length,
    () => {
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) throw new Error("x");
      return B.from(b64, "base64");
    },
    n,
  );
  time("portable decoder (browser path, string)", b64.length, () => decodeBase64StrictPortable(b64), Math.ceil(n / 4));
  console.log(
    `ratio strict(string)/baseline ${(s / base).toFixed(2)}, strict(bytes)/baseline ${(u / base).toFixed(2)}, regex/baseline ${(re / base).toFixed(2)}`,
  );

  const result = { statusCode: 200, isBase64Encoded: true, headers: { "content-type": "image/png" }, body: b64 };
  const { body: _body, ...envelope } = result;
  void _body;
  time(
    "lambdaResultToResponse (binary, string body)",
    b64.length,
    () => lambdaResultToResponse(result, "image/png", ["image/png"]),
    n,
  );
  time(
    "envelopeToResponse (binary, byte body)",
    b64.length,
    () => envelopeToResponse(envelope, b64Bytes, "image/png", ["image/png"]),
    n,
  );
  time(
    "envelopeToResponse (text, no match)",
    b64.length,
    () => envelopeToResponse(envelope, b64Bytes, "*/*", ["image/png"]),
    n,
  );
  time(
    "requestBodyToEvent (binary upload → base64)",
    raw.length,
    () => requestBodyToEvent(raw, "image/png", ["image/*"]),
    n,
  );
  time("requestBodyToEvent (text → UTF-8 decode)", raw.length, () => requestBodyToEvent(raw, "text/plain", []), n);
  const pdf = new Uint8Array(raw);
  pdf.set(B.from("%PDF-1.7\n"));
  const pdfB64 = new Uint8Array(B.from(B.from(pdf).toString("base64"), "latin1"));
  time("detectBase64Binary (base64 PDF, no line breaks)", pdfB64.length, () => detectBase64Binary(pdfB64), n);
  time("detectBase64Binary (non-matching text, prefix only)", b64Bytes.length, () => detectBase64Binary(b64Bytes), n);
}
