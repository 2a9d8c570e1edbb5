/**
 * Small, valid binary files for the demo APIs, generated in code (no downloads, nothing binary in git):
 * a PNG gradient, a one-page PDF, a WAV tone and a baseline JPEG. Each is built to its format's spec so
 * browsers, pdf.js and the sniffers in lib/binary all accept it.
 */
import { deflateSync } from "node:zlib";

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (ISO-HDLC), as PNG chunks need. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "latin1");
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** A size×size RGB PNG with a diagonal gradient. */
export function makePng(size = 64): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type RGB
  const raw = Buffer.alloc(size * (1 + size * 3));
  for (let y = 0; y < size; y++) {
    const row = y * (1 + size * 3);
    raw[row] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const p = row + 1 + x * 3;
      raw[p] = Math.round((x / (size - 1)) * 255);
      raw[p + 1] = Math.round((y / (size - 1)) * 255);
      raw[p + 2] = 160;
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", ihdr),
    pngChunk("IDAT", deflateSync(raw)),
    pngChunk("IEND", new Uint8Array(0)),
  ]);
}

/** A one-page A4-ish PDF 1.4 with a few lines of Helvetica text; xref offsets computed from the bytes. */
export function makePdf(
  lines: string[] = ["BinaryGate demo report", "This PDF came out of a Lambda proxy integration as bytes."],
): Buffer {
  const esc = (s: string) => s.replace(/[\\()]/g, (c) => "\\" + c);
  const content = ["BT", "/F1 20 Tf", "72 720 Td", "24 TL", ...lines.map((l) => `(${esc(l)}) Tj T*`), "ET"].join("\n");
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    `<< /Length ${Buffer.byteLength(content, "latin1")} >>\nstream\n${content}\nendstream`,
  ];
  let pdf = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(pdf, "latin1"));
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xrefAt = Buffer.byteLength(pdf, "latin1");
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) pdf += `${String(o).padStart(10, "0")} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(pdf, "latin1");
}

/** A mono 16-bit PCM WAV sine tone (default 440 Hz, 0.5 s at 8 kHz, with a short fade to avoid clicks). */
export function makeWav(freq = 440, seconds = 0.5, rate = 8000): Buffer {
  const n = Math.round(seconds * rate);
  const out = Buffer.alloc(44 + n * 2);
  out.write("RIFF", 0, "latin1");
  out.writeUInt32LE(36 + n * 2, 4);
  out.write("WAVEfmt ", 8, "latin1");
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(1, 20); // PCM
  out.writeUInt16LE(1, 22); // mono
  out.writeUInt32LE(rate, 24);
  out.writeUInt32LE(rate * 2, 28);
  out.writeUInt16LE(2, 32);
  out.writeUInt16LE(16, 34);
  out.write("data", 36, "latin1");
  out.writeUInt32LE(n * 2, 40);
  const fade = Math.round(rate * 0.02);
  for (let i = 0; i < n; i++) {
    const env = Math.min(1, i / fade, (n - 1 - i) / fade);
    out.writeInt16LE(Math.round(Math.sin((2 * Math.PI * freq * i) / rate) * 12000 * env), 44 + i * 2);
  }
  return out;
}

/**
 * An 8×8 solid-colour baseline JPEG (JFIF, YCbCr 4:4:4). A solid block has only a DC coefficient, so the
 * entropy-coded data is one DC difference and an end-of-block per component, with small custom Huffman tables.
 */
export function makeJpeg(rgb: [number, number, number] = [230, 120, 30]): Buffer {
  const [r, g, b] = rgb;
  const ycc = [
    0.299 * r + 0.587 * g + 0.114 * b,
    128 - 0.168736 * r - 0.331264 * g + 0.5 * b,
    128 + 0.5 * r - 0.418688 * g - 0.081312 * b,
  ];
  const Q = 8; // every quantiser 8: the DC coefficient (8 × mean) becomes the level-shifted mean itself
  const seg = (marker: number, data: number[]) => [
    0xff,
    marker,
    (data.length + 2) >> 8,
    (data.length + 2) & 0xff,
    ...data,
  ];
  const app0 = seg(0xe0, [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
  const dqt = seg(0xdb, [0x00, ...new Array(64).fill(Q)]);
  const sof = seg(0xc0, [8, 0, 8, 0, 8, 3, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0]);
  // DC table 0: categories 0..11, all 4-bit codes (canonical: code = category).
  const dcCounts = [0, 0, 0, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  const dht0 = seg(0xc4, [0x00, ...dcCounts, ...Array.from({ length: 12 }, (_, i) => i)]);
  // AC table 0: EOB (0x00) = "00", 0x01 = "01" (a second code so no table is a lone all-zero code).
  const acCounts = [0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  const dht1 = seg(0xc4, [0x10, ...acCounts, 0x00, 0x01]);
  const sos = seg(0xda, [3, 1, 0x00, 2, 0x00, 3, 0x00, 0, 63, 0]);

  const bits: number[] = [];
  const put = (value: number, length: number) => {
    for (let i = length - 1; i >= 0; i--) bits.push((value >> i) & 1);
  };
  for (const v of ycc) {
    const dc = Math.round((8 * (v - 128)) / Q);
    const cat = dc === 0 ? 0 : Math.floor(Math.log2(Math.abs(dc))) + 1;
    put(cat, 4);
    if (cat > 0) put(dc > 0 ? dc : dc + (1 << cat) - 1, cat);
    put(0b00, 2); // EOB
  }
  while (bits.length % 8 !== 0) bits.push(1);
  const scan: number[] = [];
  for (let i = 0; i < bits.length; i += 8) {
    let byte = 0;
    for (let k = 0; k < 8; k++) byte = (byte << 1) | bits[i + k];
    scan.push(byte);
    if (byte === 0xff) scan.push(0x00); // byte stuffing
  }
  return Buffer.from([0xff, 0xd8, ...app0, ...dqt, ...sof, ...dht0, ...dht1, ...sos, ...scan, 0xff, 0xd9]);
}
