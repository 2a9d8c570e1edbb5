import { describe, expect, it } from "vitest";
import { detectBase64Binary, sniffFormat } from "./sniff";

const PNG_B64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mP8/wIAAgkBAyMAlYwAAAAASUVORK5CYII=";
const PNG = new Uint8Array(Buffer.from(PNG_B64, "base64"));
const b = (...parts: Array<string | number[]>) =>
  new Uint8Array(Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "latin1") : Buffer.from(p)))));
const be32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const ftyp = (major: string, ...compat: string[]) =>
  b(be32(16 + 4 * compat.length), "ftyp", major, [0, 0, 0, 0], ...compat);
const pad = (u: Uint8Array, n = 64) => b([...u], new Array(n).fill(0));

const samples: Array<[string, Uint8Array, string | null, string | null]> = [
  ["PNG (spec constant)", PNG, "png", "image/png"],
  ["JPEG", b([0xff, 0xd8, 0xff, 0xe0, 0, 0x10], "JFIF"), "jpeg", "image/jpeg"],
  ["GIF89a", b("GIF89a", [1, 0, 1, 0]), "gif", "image/gif"],
  ["GIF87a", b("GIF87a", [1, 0, 1, 0]), "gif", "image/gif"],
  ["WebP", b("RIFF", [0x24, 0, 0, 0], "WEBPVP8 "), "webp", "image/webp"],
  ["WAV", b("RIFF", [0x24, 0, 0, 0], "WAVEfmt "), "wav", "audio/wav"],
  ["RIFF other (AVI)", b("RIFF", [0x24, 0, 0, 0], "AVI LIST"), null, null],
  ["AVIF", ftyp("avif", "mif1", "miaf"), "avif", "image/avif"],
  ["AVIF sequence", ftyp("avis", "avif"), "avif", "image/avif"],
  ["AVIF under mif1", ftyp("mif1", "avif", "miaf"), "avif", "image/avif"],
  ["HEIC", ftyp("heic", "mif1", "heic"), "heic", "image/heic"],
  ["MP4 isom", ftyp("isom", "isom", "iso2", "mp41"), "mp4", "video/mp4"],
  ["MP4 mp42", ftyp("mp42", "mp42", "isom"), "mp4", "video/mp4"],
  ["M4A", ftyp("M4A ", "M4A ", "mp42"), "m4a", "audio/mp4"],
  ["QuickTime", ftyp("qt  ", "qt  "), "mov", "video/quicktime"],
  ["BMP", pad(b("BM", [0x46, 0, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0, 40, 0, 0, 0])), "bmp", "image/bmp"],
  ["text starting with BM", b("BMW cars are fast, says the text body."), null, null],
  ["ICO", pad(b([0, 0, 1, 0, 1, 0, 16, 16, 0, 0, 1, 0, 32, 0])), "ico", "image/x-icon"],
  ["TIFF little-endian", b([0x49, 0x49, 0x2a, 0, 8, 0, 0, 0]), "tiff", "image/tiff"],
  ["TIFF big-endian", b([0x4d, 0x4d, 0, 0x2a, 0, 0, 0, 8]), "tiff", "image/tiff"],
  ["PDF", b("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), "pdf", "application/pdf"],
  ["ZIP", b("PK", [3, 4, 20, 0, 0, 0]), "zip", "application/zip"],
  ["ZIP empty", b("PK", [5, 6], new Array(18).fill(0)), "zip", "application/zip"],
  ["gzip", b([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3]), "gzip", "application/gzip"],
  ["MP3 ID3", b("ID3", [4, 0, 0, 0, 0, 0, 0]), "mp3", "audio/mpeg"],
  ["MP3 frame sync (MPEG-1 L3 128k 44.1k)", b([0xff, 0xfb, 0x90, 0x64]), "mp3", "audio/mpeg"],
  ["AAC ADTS is not MP3", b([0xff, 0xf1, 0x50, 0x80]), null, null],
  ["Ogg", b("OggS", [0, 2, 0, 0]), "ogg", "audio/ogg"],
  [
    "WebM",
    b([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 1, 0x42, 0x82, 0x84], "webm", [0x42, 0x87, 0x81, 4]),
    "webm",
    "video/webm",
  ],
  [
    "Matroska",
    b([0x1a, 0x45, 0xdf, 0xa3, 0xa3, 0x42, 0x86, 0x81, 1, 0x42, 0x82, 0x88], "matroska"),
    "mkv",
    "video/x-matroska",
  ],
  ["SVG bare", b('<svg xmlns="http://www.w3.org/2000/svg"/>'), "svg", "image/svg+xml"],
  [
    "SVG with prolog, comment, doctype",
    b(
      '\xef\xbb\xbf  <?xml version="1.0"?>\n<!-- made by hand -->\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x.dtd">\n<svg width="1">',
    ),
    "svg",
    "image/svg+xml",
  ],
  ["SVG doctype with internal subset", b('<!DOCTYPE svg [ <!ENTITY a "b"> ]><svg>'), "svg", "image/svg+xml"],
  ["HTML is not SVG", b("<!doctype html><html><svg></svg></html>"), null, null],
  ["<svgfoo> is not SVG", b("<svgfoo>"), null, null],
  ["JSON", b('{"message": "Internal server error"}'), null, null],
  ["PNG_B64 text is not a PNG", b(PNG_B64), null, null],
  ["empty", new Uint8Array(0), null, null],
  ["one byte", b([0xff]), null, null],
  ["truncated PNG signature", PNG.slice(0, 5), null, null],
];

describe("sniffFormat (magic bytes)", () => {
  it.each(samples)("%s", (_name, bytes, id, mime) => {
    const f = sniffFormat(bytes);
    expect(f?.id ?? null).toBe(id);
    expect(f?.mime ?? null).toBe(mime);
    if (f) {
      expect(f.id).toBe(f.id.toLowerCase());
      expect(f.label.length).toBeGreaterThan(3);
      expect(f.extension).toMatch(/^[a-z0-9]+$/);
    }
  });
  it("reports SVG as an image", () => {
    expect(sniffFormat(b("<svg/>"))?.kind).toBe("image");
  });
});

describe("detectBase64Binary (the broken-binary tell-tale, docs/aws-binary-rules.md §1.3, §10)", () => {
  it("finds the PNG in PNG_B64 text and returns its 68 bytes", () => {
    const r = detectBase64Binary(b(PNG_B64));
    expect(r?.format.id).toBe("png");
    expect(r?.decoded).toHaveLength(68);
    expect(Buffer.from(r!.decoded).equals(Buffer.from(PNG))).toBe(true);
  });
  it("accepts MIME-style line breaks and surrounding whitespace", () => {
    const wrapped = "\r\n  " + PNG_B64.replace(/(.{20})/g, "$1\r\n") + "\n\n";
    const r = detectBase64Binary(b(wrapped));
    expect(r?.format.id).toBe("png");
    expect(Buffer.from(r!.decoded).equals(Buffer.from(PNG))).toBe(true);
  });
  it.each([
    ["PDF", b("%PDF-1.4\n" + "x".repeat(5000)), "pdf"],
    ["JPEG", b([0xff, 0xd8, 0xff, 0xe0], "x".repeat(100)), "jpeg"],
    ["SVG", b('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>'), "svg"],
  ])("%s", (_n, raw, id) => {
    const r = detectBase64Binary(b(Buffer.from(raw).toString("base64")));
    expect(r?.format.id).toBe(id);
    expect(Buffer.from(r!.decoded).equals(Buffer.from(raw))).toBe(true);
  });
  it.each([
    ["raw PNG bytes", PNG],
    ["base64 of plain text", b(Buffer.from("hello world, nothing binary here").toString("base64"))],
    ["JSON", b('{"a":1}')],
    ["short", b("iVBO")],
    ["PNG base64 with a bad character at the end", b(PNG_B64.slice(0, -2) + "!=")],
    ["PNG base64 cut to an impossible length", b(PNG_B64.slice(0, 85))],
    [
      "URL-safe base64 of a PNG-like header",
      b(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xfb, 0xff]).toString("base64url")),
    ],
    ["JSON-quoted base64", b(`"${PNG_B64}"`)],
  ])("rejects %s", (_n, bytes) => {
    expect(detectBase64Binary(bytes)).toBeNull();
  });
  it("handles a 5 MiB base64 PDF, with and without line breaks", () => {
    const raw = new Uint8Array(5 * 1024 * 1024);
    raw.set(Buffer.from("%PDF-1.7\n"));
    for (let i = 9; i < raw.length; i++) raw[i] = (i * 131) & 255;
    const text = Buffer.from(raw).toString("base64");
    const r1 = detectBase64Binary(b(text));
    expect(r1?.format.id).toBe("pdf");
    expect(Buffer.from(r1!.decoded).equals(Buffer.from(raw))).toBe(true);
    const r2 = detectBase64Binary(b(text.replace(/(.{76})/g, "$1\n")));
    expect(Buffer.from(r2!.decoded).equals(Buffer.from(raw))).toBe(true);
  });
});
