import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { sniffFormat } from "@/lib/binary";
import { crc32, makeJpeg, makePdf, makePng, makeWav } from "./assets";

describe("demo assets are valid files", () => {
  it("crc32 matches the standard check value", () => {
    expect(crc32(Buffer.from("123456789"))).toBe(0xcbf43926);
  });

  it("PNG: signature, chunk CRCs, and IDAT inflating to 64 rows of filter byte + RGB", () => {
    const png = makePng();
    expect(png.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
    let off = 8;
    const chunks: Record<string, Buffer> = {};
    while (off < png.length) {
      const len = png.readUInt32BE(off);
      const type = png.toString("latin1", off + 4, off + 8);
      expect(png.readUInt32BE(off + 8 + len)).toBe(crc32(png.subarray(off + 4, off + 8 + len)));
      chunks[type] = png.subarray(off + 8, off + 8 + len);
      off += 12 + len;
    }
    expect(Object.keys(chunks)).toEqual(["IHDR", "IDAT", "IEND"]);
    expect(chunks.IHDR.readUInt32BE(0)).toBe(64);
    const raw = inflateSync(chunks.IDAT);
    expect(raw.length).toBe(64 * (1 + 64 * 3));
    expect([...raw.subarray(1, 4)]).toEqual([0, 0, 160]); // top-left pixel
    expect(sniffFormat(png)?.mime).toBe("image/png");
  });

  it("PDF: every xref offset points at its object, and pdf.js reads the page text", async () => {
    const pdf = makePdf(["Hello (PDF)"]);
    const text = pdf.toString("latin1");
    const xrefAt = Number(/startxref\n(\d+)/.exec(text)![1]);
    expect(text.slice(xrefAt, xrefAt + 4)).toBe("xref");
    const offsets = [...text.slice(xrefAt).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    expect(offsets).toHaveLength(5);
    for (const [i, o] of offsets.entries()) expect(text.slice(o, o + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`);
    const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
    const doc = await pdfjs.getDocument({ data: new Uint8Array(pdf), isEvalSupported: false, verbosity: 0 }).promise;
    expect(doc.numPages).toBe(1);
    const content = await (await doc.getPage(1)).getTextContent();
    expect(content.items.map((i) => ("str" in i ? i.str : "")).join("")).toBe("Hello (PDF)");
    await doc.destroy();
  });

  it("WAV: RIFF/WAVE PCM header with consistent sizes", () => {
    const wav = makeWav(440, 0.25, 8000);
    expect(wav.toString("latin1", 0, 4)).toBe("RIFF");
    expect(wav.readUInt32LE(4)).toBe(wav.length - 8);
    expect(wav.toString("latin1", 8, 16)).toBe("WAVEfmt ");
    expect(wav.readUInt16LE(20)).toBe(1);
    expect(wav.readUInt32LE(24)).toBe(8000);
    expect(wav.readUInt32LE(40)).toBe(2000 * 2);
    expect(wav.length).toBe(44 + 4000);
  });

  it("JPEG: SOI, JFIF, baseline SOF0 8×8 with 3 components, EOI (decoding checked in Chromium by hand)", () => {
    const jpg = makeJpeg();
    expect(jpg.subarray(0, 2).toString("hex")).toBe("ffd8");
    expect(jpg.subarray(-2).toString("hex")).toBe("ffd9");
    expect(jpg.toString("latin1", 6, 10)).toBe("JFIF");
    const sof = jpg.indexOf(Buffer.from([0xff, 0xc0]));
    expect(sof).toBeGreaterThan(0);
    expect(jpg.readUInt16BE(sof + 5)).toBe(8);
    expect(jpg.readUInt16BE(sof + 7)).toBe(8);
    expect(jpg[sof + 9]).toBe(3);
    expect(sniffFormat(jpg)?.mime).toBe("image/jpeg");
  });
});
