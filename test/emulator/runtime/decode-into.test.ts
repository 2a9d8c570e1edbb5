/**
 * Workers decode large bodies into a reused buffer (lib/binary's decodeBase64Strict with a target): the
 * verdict and the bytes must be exactly those of the allocating decode, for valid and invalid input alike.
 */
import { describe, expect, it } from "vitest";
import { decodeBase64Strict, lambdaResultToResponse } from "../../../lib/binary";

const reused = Buffer.alloc(1 << 20, 0xee);
const into = (n: number) => reused.subarray(0, n);

describe("decoding into a reused buffer", () => {
  const raw = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 131) & 255));
  const valid = raw.toString("base64");
  const cases: Array<[string, string]> = [
    ["valid", valid],
    ["valid without padding", raw.subarray(0, 2999).toString("base64").replace(/=+$/, "")],
    ["a space inside", `${valid.slice(0, 100)} ${valid.slice(101)}`],
    ["a line break", `${valid.slice(0, 76)}\n${valid.slice(76)}`],
    ["URL-safe alphabet", valid.replace(/\+/g, "-")],
    ["inner padding", `${valid.slice(0, 8)}=${valid.slice(9)}`],
    ["length ≡ 1 mod 4", `${valid}A`],
    ["non-ASCII", `${valid.slice(0, 40)}é${valid.slice(41)}`],
    ["empty", ""],
  ];

  it.each(cases)("agrees with the allocating decode: %s", (_name, input) => {
    const fresh = decodeBase64Strict(input);
    const pooled = decodeBase64Strict(input, into);
    if (fresh === null) expect(pooled).toBeNull();
    else expect(Buffer.from(pooled!).equals(Buffer.from(fresh))).toBe(true);
  });

  it("puts the bytes in the given buffer, and a conversion through it equals one without it", () => {
    const out = decodeBase64Strict(valid, into)!;
    expect(out.buffer).toBe(reused.buffer);
    const result = { statusCode: 200, isBase64Encoded: true, headers: { "content-type": "image/png" }, body: valid };
    const a = lambdaResultToResponse(result, "image/png", ["image/png"]);
    const b = lambdaResultToResponse(result, "image/png", ["image/png"], { decodeInto: into });
    expect(b).toEqual({ ...a, body: b.body });
    expect(Buffer.from(b.body).equals(Buffer.from(a.body))).toBe(true);
  });
});
