/** Percent-decoding that never throws: shared by the emulator's routing, event and SigV4, and the browser. */

/** decodeURIComponent that keeps malformed input (a stray `%`, a bad UTF-8 sequence) as it is instead of throwing. */
export function safeDecodeURIComponent(s: string): string {
  if (!s.includes("%")) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
