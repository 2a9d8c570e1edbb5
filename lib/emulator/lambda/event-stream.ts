/**
 * AWS's event-stream framing (`application/vnd.amazon.eventstream`), encode side only, as InvokeWithResponseStream
 * sends it (docs/streaming.md §2.6). Pure: bytes in, bytes out. A message is
 *   total_len u32 | headers_len u32 | prelude_crc u32 | headers | payload | message_crc u32
 * with CRC32 (IEEE) over the 8-byte prelude, then over everything before the final CRC.
 */

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC32 (IEEE 802.3, as zlib), optionally continuing from a previous CRC over earlier bytes. */
export function crc32(bytes: Uint8Array, previous = 0): number {
  let c = ~previous >>> 0;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/** Header value type 7: a UTF-8 string (the only type Lambda's stream uses). */
const STRING_TYPE = 7;
/** Prelude (8) + prelude CRC (4) + message CRC (4). */
const OVERHEAD = 16;

const utf8 = new TextEncoder();

function encodeHeaders(headers: Record<string, string>): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const [name, value] of Object.entries(headers)) {
    const n = utf8.encode(name);
    const v = utf8.encode(value);
    if (n.length > 255) throw new RangeError(`event-stream header name longer than 255 bytes: ${name}`);
    if (v.length > 0xffff) throw new RangeError(`event-stream header value longer than 65535 bytes: ${name}`);
    const h = new Uint8Array(1 + n.length + 1 + 2 + v.length);
    h[0] = n.length;
    h.set(n, 1);
    h[1 + n.length] = STRING_TYPE;
    new DataView(h.buffer).setUint16(2 + n.length, v.length);
    h.set(v, 4 + n.length);
    parts.push(h);
  }
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** One event-stream message: string headers and a payload, with both CRCs. */
export function encodeMessage(headers: Record<string, string>, payload: Uint8Array): Uint8Array {
  const h = encodeHeaders(headers);
  const total = OVERHEAD + h.length + payload.length;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, total);
  view.setUint32(4, h.length);
  view.setUint32(8, crc32(out.subarray(0, 8)));
  out.set(h, 12);
  out.set(payload, 12 + h.length);
  view.setUint32(total - 4, crc32(out.subarray(0, total - 4)));
  return out;
}

/** A `PayloadChunk` event: raw bytes the function wrote (docs/streaming.md §2.6). */
export function payloadChunk(bytes: Uint8Array): Uint8Array {
  return encodeMessage(
    { ":event-type": "PayloadChunk", ":content-type": "application/octet-stream", ":message-type": "event" },
    bytes,
  );
}

/** What `InvokeComplete` reports: an error of the function, and the base64 log tail when asked for. */
export interface InvokeCompleteEvent {
  ErrorCode?: string;
  ErrorDetails?: string;
  LogResult?: string;
}

/** The final `InvokeComplete` event; its payload is JSON, `{}` when all went well. */
export function invokeComplete(event: InvokeCompleteEvent): Uint8Array {
  const body = Object.fromEntries(Object.entries(event).filter(([, v]) => v !== undefined));
  return encodeMessage(
    { ":event-type": "InvokeComplete", ":content-type": "application/json", ":message-type": "event" },
    utf8.encode(JSON.stringify(body)),
  );
}
