import { describe, expect, it } from "vitest";
import { decodeBase64Strict, decodeBase64StrictPortable, describeBase64Problem, encodeBase64 } from "./base64";

const PNG_B64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mP8/wIAAgkBAyMAlYwAAAAASUVORK5CYII=";
const hex = (u: Uint8Array | null) => (u === null ? null : Buffer.from(u).toString("hex"));
const ascii = (s: string) => new TextEncoder().encode(s);

// [input, expected hex or null]. Strictness choices are documented in base64.ts (docs/aws-binary-rules.md §11.1
// "Unknowns").
const cases: Array<[string, string | null]> = [
  ["", ""],
  ["QQ==", "41"],
  ["QQ", "41"], // padding optional (Java basic decoder)
  ["QUI=", "4142"],
  ["QUI", "4142"],
  ["QUJD", "414243"],
  ["QR==", "41"], // non-zero trailing bits tolerated
  ["dGVzdC1kYXRh", Buffer.from("test-data").toString("hex")],
  ["Q", null], // length ≡ 1 mod 4
  ["QUJDR", null],
  ["QQ=", null], // padding that does not complete the quantum
  ["Q===", null],
  ["QUJD====", null],
  ["QQ==QUJD", null], // "=" inside
  ["QUJD\n", null], // line break
  ["QU JD", null], // space
  [" QUJD", null],
  ["\tQUJD", null],
  ["-_-_", null], // URL-safe alphabet rejected
  ["QUJ-", null],
  ["QUJ_", null],
  ["QUJDRA!=", null],
  ["èé+à)(", null], // docs/aws-binary-rules.md R17
  ["ééAA", null],
  ["QUJ\u0100", null], // char > 255
  ["=", null],
  ["==", null],
];

describe("decodeBase64Strict", () => {
  it("decodes PNG_B64 to the 68-byte PNG (docs/aws-binary-rules.md §11.2)", () => {
    const out = decodeBase64Strict(PNG_B64);
    expect(out).not.toBeNull();
    expect(out).toHaveLength(68);
    expect(hex(out!.slice(0, 8))).toBe("89504e470d0a1a0a");
  });
  it.each(cases)("%j → %s (string, bytes, portable agree)", (input, want) => {
    expect(hex(decodeBase64Strict(input))).toBe(want);
    expect(hex(decodeBase64StrictPortable(input))).toBe(want);
    if ([...input].every((c) => c.charCodeAt(0) < 128)) {
      expect(hex(decodeBase64Strict(ascii(input)))).toBe(want);
      expect(hex(decodeBase64StrictPortable(ascii(input)))).toBe(want);
    } else {
      // UTF-8 bytes of non-ASCII text are never base64.
      expect(decodeBase64Strict(ascii(input))).toBeNull();
    }
  });
  it("accepts bytes at a non-zero offset of a larger buffer", () => {
    const big = ascii("xxxxQUJDyyyy");
    expect(hex(decodeBase64Strict(big.subarray(4, 8)))).toBe("414243");
  });
  it("agrees with the portable decoder on 3,000 random mutations of valid base64", () => {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_ \n!é";
    let seed = 12345;
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) >>> 0) % n;
    let valid = 0;
    for (let k = 0; k < 3000; k++) {
      const raw = new Uint8Array(rnd(20));
      for (let i = 0; i < raw.length; i++) raw[i] = rnd(256);
      const chars = [...Buffer.from(raw).toString("base64")];
      const edits = rnd(3);
      for (let e = 0; e < edits; e++) {
        const op = rnd(3);
        const pos = rnd(chars.length + 1);
        const ch = alphabet[rnd(alphabet.length)];
        if (op === 0) chars.splice(pos, 0, ch);
        else if (op === 1) chars.splice(pos, 1);
        else chars[pos] = ch;
      }
      const s = chars.join("");
      const a = hex(decodeBase64Strict(s));
      expect(a, JSON.stringify(s)).toBe(hex(decodeBase64StrictPortable(s)));
      if (a !== null) {
        valid++;
        // Whatever is accepted must be canonical base64 up to padding and trailing bits.
        expect(/^[A-Za-z0-9+/]*={0,2}$/.test(s)).toBe(true);
      }
    }
    expect(valid).toBeGreaterThan(300);
  });
  it("decodes 10 MB of base64 exactly (string and bytes)", () => {
    const raw = new Uint8Array(7_864_320); // → 10,485,760 base64 chars
    for (let i = 0; i < raw.length; i++) raw[i] = (i * 31 + (i >>> 11)) & 255;
    const b64 = Buffer.from(raw).toString("base64");
    expect(b64.length).toBe(10_485_760);
    expect(Buffer.from(decodeBase64Strict(b64)!).equals(Buffer.from(raw))).toBe(true);
    expect(Buffer.from(decodeBase64Strict(Buffer.from(b64, "latin1"))!).equals(Buffer.from(raw))).toBe(true);
    // One bad character deep inside is still caught.
    const broken = b64.slice(0, 9_000_000) + "\n" + b64.slice(9_000_001);
    expect(decodeBase64Strict(broken)).toBeNull();
  });
});

describe("encodeBase64", () => {
  it.each([[""], ["A"], ["AB"], ["ABC"], ["ABCD"], ["\u00ff\u00fe\u0000"]])("%j round-trips like Buffer", (s) => {
    const bytes = Buffer.from(s, "latin1");
    expect(encodeBase64(new Uint8Array(bytes))).toBe(bytes.toString("base64"));
  });
});

describe("describeBase64Problem", () => {
  it.each([
    ["QUJ-", 'URL-safe character "-"'],
    ["QUJD\nQUJD", "line break"],
    ["QQ==QUJD", '"=" before the end'],
    ["èé", "non-ASCII"],
    ["QUJDR", "length of 5"],
  ])("%j mentions %s", (input, fragment) => {
    expect(describeBase64Problem(input)).toContain(fragment);
    expect(describeBase64Problem(input)).toBe(describeBase64Problem(new TextEncoder().encode(input)));
  });
});
