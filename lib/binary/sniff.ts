/**
 * Magic-byte sniffing: what a body really is, whatever its Content-Type says — and whether a text body is
 * base64 of a binary file, the tell-tale of a broken binary response (docs/aws-binary-rules.md §0.1, §1.3 "base64
 * string sent as text", docs/aws-binary-rules.md §10). Signatures: WHATWG MIME Sniffing §6 (images, audio/video) and
 * each format's spec.
 */
import { decodeBase64Strict, NodeBuffer } from "./base64";

/** A recognised file format. */
export interface BinaryFormat {
  /** Lower-case id, e.g. "png", "jpeg", "mp4", "svg". */
  id: string;
  /** Its registered media type, e.g. "image/png". */
  mime: string;
  /** Human label, e.g. "PNG image". */
  label: string;
  kind: "image" | "audio" | "video" | "document" | "archive";
  /** File extension without the dot. */
  extension: string;
}

const F = {
  png: { id: "png", mime: "image/png", label: "PNG image", kind: "image", extension: "png" },
  jpeg: { id: "jpeg", mime: "image/jpeg", label: "JPEG image", kind: "image", extension: "jpg" },
  gif: { id: "gif", mime: "image/gif", label: "GIF image", kind: "image", extension: "gif" },
  webp: { id: "webp", mime: "image/webp", label: "WebP image", kind: "image", extension: "webp" },
  avif: { id: "avif", mime: "image/avif", label: "AVIF image", kind: "image", extension: "avif" },
  heic: { id: "heic", mime: "image/heic", label: "HEIC image", kind: "image", extension: "heic" },
  bmp: { id: "bmp", mime: "image/bmp", label: "BMP image", kind: "image", extension: "bmp" },
  ico: { id: "ico", mime: "image/x-icon", label: "ICO icon", kind: "image", extension: "ico" },
  tiff: { id: "tiff", mime: "image/tiff", label: "TIFF image", kind: "image", extension: "tiff" },
  svg: { id: "svg", mime: "image/svg+xml", label: "SVG image", kind: "image", extension: "svg" },
  pdf: { id: "pdf", mime: "application/pdf", label: "PDF document", kind: "document", extension: "pdf" },
  zip: { id: "zip", mime: "application/zip", label: "ZIP archive", kind: "archive", extension: "zip" },
  gzip: { id: "gzip", mime: "application/gzip", label: "gzip archive", kind: "archive", extension: "gz" },
  mp3: { id: "mp3", mime: "audio/mpeg", label: "MP3 audio", kind: "audio", extension: "mp3" },
  m4a: { id: "m4a", mime: "audio/mp4", label: "MP4 audio", kind: "audio", extension: "m4a" },
  mp4: { id: "mp4", mime: "video/mp4", label: "MP4 video", kind: "video", extension: "mp4" },
  mov: { id: "mov", mime: "video/quicktime", label: "QuickTime video", kind: "video", extension: "mov" },
  wav: { id: "wav", mime: "audio/wav", label: "WAV audio", kind: "audio", extension: "wav" },
  ogg: { id: "ogg", mime: "audio/ogg", label: "Ogg audio", kind: "audio", extension: "ogg" },
  webm: { id: "webm", mime: "video/webm", label: "WebM video", kind: "video", extension: "webm" },
  mkv: { id: "mkv", mime: "video/x-matroska", label: "Matroska video", kind: "video", extension: "mkv" },
} as const satisfies Record<string, BinaryFormat>;

/** Every format sniffFormat can report. */
export const BINARY_FORMATS: readonly BinaryFormat[] = Object.values(F);

function startsWith(b: Uint8Array, sig: readonly number[], at = 0): boolean {
  if (b.length < at + sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (b[at + i] !== sig[i]) return false;
  return true;
}

function ascii(b: Uint8Array, at: number, len: number): string {
  if (b.length < at + len) return "";
  let s = "";
  for (let i = at; i < at + len; i++) s += String.fromCharCode(b[i]);
  return s;
}

/**
 * Identifies a file by its leading bytes (magic numbers); SVG by its text; null if unknown
 * (docs/aws-binary-rules.md §10, preview verdict).
 */
export function sniffFormat(bytes: Uint8Array): BinaryFormat | null {
  const b = bytes;
  if (b.length < 2) return null;
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return F.png;
  if (startsWith(b, [0xff, 0xd8, 0xff])) return F.jpeg;
  const head6 = ascii(b, 0, 6);
  if (head6 === "GIF87a" || head6 === "GIF89a") return F.gif;
  if (ascii(b, 0, 4) === "RIFF") {
    const form = ascii(b, 8, 4);
    if (form === "WEBP") return F.webp;
    if (form === "WAVE") return F.wav;
  }
  if (ascii(b, 4, 4) === "ftyp") return sniffIsoBmff(b);
  if (ascii(b, 0, 5) === "%PDF-") return F.pdf;
  if (startsWith(b, [0x50, 0x4b]) && b.length >= 4) {
    // local file header, empty archive, spanned archive
    if ((b[2] === 3 && b[3] === 4) || (b[2] === 5 && b[3] === 6) || (b[2] === 7 && b[3] === 8)) return F.zip;
  }
  if (startsWith(b, [0x1f, 0x8b, 0x08])) return F.gzip;
  if (ascii(b, 0, 4) === "OggS") return F.ogg;
  if (startsWith(b, [0x1a, 0x45, 0xdf, 0xa3])) return sniffEbml(b);
  if (startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a])) return F.tiff;
  if (ascii(b, 0, 3) === "ID3") return F.mp3;
  if (isMp3Frame(b)) return F.mp3;
  if (isIco(b)) return F.ico;
  if (isBmp(b)) return F.bmp;
  if (isSvg(b)) return F.svg;
  return null;
}

/** ISO base media file (ftyp box): AVIF/HEIC images, M4A audio, QuickTime, otherwise MP4 video. */
function sniffIsoBmff(b: Uint8Array): BinaryFormat {
  const boxSize = ((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0;
  const end = Math.min(b.length, boxSize >= 16 ? boxSize : 16);
  const brands: string[] = [ascii(b, 8, 4)];
  for (let at = 16; at + 4 <= end; at += 4) brands.push(ascii(b, at, 4));
  const major = brands[0];
  if (major === "avif" || major === "avis") return F.avif;
  if (["heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1"].includes(major)) {
    return brands.includes("avif") || brands.includes("avis") ? F.avif : F.heic;
  }
  if (major === "M4A " || major === "M4B ") return F.m4a;
  if (major === "qt  ") return F.mov;
  return F.mp4;
}

/** EBML: WebM if the DocType is "webm", else Matroska (DocType is within the first header). */
function sniffEbml(b: Uint8Array): BinaryFormat {
  const end = Math.min(b.length, 64);
  for (let i = 4; i + 6 <= end; i++) {
    // DocType element id 0x4282, then a 1-byte size (0x84 = 4 bytes) and the text.
    if (b[i] === 0x42 && b[i + 1] === 0x82) {
      const size = b[i + 2] & 0x7f;
      const text = ascii(b, i + 3, Math.min(size, end - i - 3));
      if (text === "webm") return F.webm;
      return F.mkv;
    }
  }
  return F.mkv;
}

/** MPEG audio frame sync: 11 set bits, a valid version, layer, bitrate and sample rate (not AAC's layer 00). */
function isMp3Frame(b: Uint8Array): boolean {
  if (b.length < 4 || b[0] !== 0xff || (b[1] & 0xe0) !== 0xe0) return false;
  const version = (b[1] >> 3) & 3;
  const layer = (b[1] >> 1) & 3;
  const bitrate = (b[2] >> 4) & 15;
  const rate = (b[2] >> 2) & 3;
  return version !== 1 && layer !== 0 && bitrate !== 15 && bitrate !== 0 && rate !== 3;
}

/** ICO: reserved 0, type 1, at least one image whose directory entry has reserved byte 0. */
function isIco(b: Uint8Array): boolean {
  if (b.length < 22 || !startsWith(b, [0, 0, 1, 0])) return false;
  const count = b[4] | (b[5] << 8);
  return count > 0 && b[9] === 0;
}

/** BMP: "BM" plus a known DIB header size, so that text starting with "BM" is not taken for an image. */
function isBmp(b: Uint8Array): boolean {
  if (b.length < 18 || b[0] !== 0x42 || b[1] !== 0x4d) return false;
  const dib = b[14] | (b[15] << 8) | (b[16] << 16) | (b[17] << 24);
  return [12, 40, 52, 56, 64, 108, 124].includes(dib);
}

/** SVG: text whose first element is <svg, after an optional BOM, whitespace, XML prolog, comments and DOCTYPE. */
function isSvg(b: Uint8Array): boolean {
  const limit = Math.min(b.length, 4096);
  let s = "";
  for (let i = 0; i < limit; i++) {
    const c = b[i];
    if (c === 0) return false;
    s += String.fromCharCode(c);
  }
  if (s.startsWith("\xef\xbb\xbf")) s = s.slice(3);
  let i = 0;
  for (;;) {
    while (i < s.length && /\s/.test(s[i])) i++;
    if (s.startsWith("<?", i)) {
      const end = s.indexOf("?>", i);
      if (end < 0) return false;
      i = end + 2;
    } else if (s.startsWith("<!--", i)) {
      const end = s.indexOf("-->", i);
      if (end < 0) return false;
      i = end + 3;
    } else if (s.startsWith("<!", i)) {
      // DOCTYPE, possibly with an internal subset in [...]
      const bracket = s.indexOf("[", i);
      const close = s.indexOf(">", i);
      if (close < 0) return false;
      if (bracket >= 0 && bracket < close) {
        const endSubset = s.indexOf("]>", bracket);
        if (endSubset < 0) return false;
        i = endSubset + 2;
      } else i = close + 1;
    } else break;
  }
  return s.startsWith("<svg", i) && (i + 4 === s.length || /[\s>/:]/.test(s[i + 4]));
}

const B64_CHAR = (() => {
  const t = new Uint8Array(256);
  const a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (let i = 0; i < a.length; i++) t[a.charCodeAt(i)] = 1;
  return t;
})();
const isWs = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
// Enough base64 to decode 3 KiB: every binary signature fits, and SVG prologs usually do.
const PREFIX_CHARS = 4096;

/**
 * Whether `bytes` are base64 TEXT (ASCII, line breaks/whitespace allowed) of a recognised binary format —
 * what the client gets when a binary response was not converted (docs/aws-binary-rules.md §1.3, §10). Decodes a prefix
 * to sniff, and the whole body only if that matches; returns the format and the decoded bytes, or null.
 */
export function detectBase64Binary(bytes: Uint8Array): { format: BinaryFormat; decoded: Uint8Array } | null {
  let start = 0;
  let end = bytes.length;
  while (start < end && isWs(bytes[start])) start++;
  while (end > start && isWs(bytes[end - 1])) end--;
  if (end - start < 8) return null;

  // Collect up to PREFIX_CHARS base64 characters (skipping whitespace) and sniff what they decode to.
  const prefix = new Uint8Array(Math.min(PREFIX_CHARS, end - start));
  let n = 0;
  let i = start;
  for (; i < end && n < prefix.length; i++) {
    const c = bytes[i];
    if (B64_CHAR[c] === 1) prefix[n++] = c;
    else if (c === 0x3d)
      break; // padding: only legal at the very end, checked below
    else if (!isWs(c)) return null;
  }
  const whole = i >= end || bytes[i] === 0x3d;
  if (whole && n % 4 === 1) return null; // cannot be base64 at all
  const head = decodeBase64Strict(prefix.subarray(0, whole ? n : n - (n % 4)));
  if (head === null) return null;
  const format = sniffFormat(head);
  if (format === null) return null;

  // Now the whole body, strictly; whitespace is found and removed natively where possible.
  const body = bytes.subarray(start, end);
  const hasWs =
    body.indexOf(0x0a) >= 0 || body.indexOf(0x0d) >= 0 || body.indexOf(0x20) >= 0 || body.indexOf(0x09) >= 0;
  let decoded: Uint8Array | null;
  if (!hasWs) decoded = decodeBase64Strict(body);
  else if (NodeBuffer !== null) {
    const text = NodeBuffer.from(body.buffer, body.byteOffset, body.byteLength).toString("latin1");
    decoded = decodeBase64Strict(text.replace(/[ \t\r\n]+/g, ""));
  } else {
    const out = new Uint8Array(body.length);
    let m = 0;
    for (let k = 0; k < body.length; k++) if (!isWs(body[k])) out[m++] = body[k];
    decoded = decodeBase64Strict(out.subarray(0, m));
  }
  if (decoded === null) return null;
  return { format, decoded };
}
