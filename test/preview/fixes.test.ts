import { describe, expect, it } from "vitest";
import { computeVerdict } from "@/lib/binary/verdict";
import { fixLabel, planFixes, toFixInput } from "@/components/preview/fixes";

// The preview's fix buttons never offer a fix that cannot fix (issue: "Redeploy prod" in green under a
// still-red verdict). Verdicts come from lib/binary on real bytes: base64 of a PNG under a Chrome tab's Accept.
const PNG_B64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mP8/wIAAgkBAyMAlYwAAAAASUVORK5CYII=";
const TAB = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
const IMG = "image/jxl,image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8";

function verdict(accept: string, deployed: string[], current: string[]) {
  return computeVerdict({
    deployedBinaryMediaTypes: deployed,
    currentBinaryMediaTypes: current,
    accept,
    status: 200,
    contentType: "image/png",
    body: new TextEncoder().encode(PNG_B64),
    stage: "prod",
  });
}

describe("planFixes", () => {
  it("types that do not match: the primary fix adds the type AND redeploys; no lone redeploy", () => {
    const plan = planFixes(verdict(TAB, [], ["image/png"]));
    expect(plan.primary && fixLabel(plan.primary)).toBe("Add text/html and redeploy prod");
    expect([...plan.alternatives, ...plan.steps].map(fixLabel)).toEqual([
      "Add text/* and redeploy prod",
      "Add */* and redeploy prod",
      "Only add text/html",
      "Only add text/*",
      "Only add */*",
    ]);
    expect(toFixInput(plan.primary!, "us-east-1", "abcdefghij")).toEqual({
      kind: "add-type-and-redeploy",
      region: "us-east-1",
      apiId: "abcdefghij",
      mediaType: "text/html",
      stageName: "prod",
    });
  });

  it("<img>: image/* is offered before the browser's first image type", () => {
    const plan = planFixes(verdict(IMG, ["image/png"], ["image/png"]));
    expect(plan.primary && fixLabel(plan.primary)).toBe("Add image/* and redeploy prod");
    expect(plan.alternatives.map(fixLabel)[0]).toBe("Add image/jxl and redeploy prod");
  });

  it("current types already match: redeploy alone is the primary fix", () => {
    const plan = planFixes(verdict(TAB, ["image/png"], ["image/png", "text/html"]));
    expect(plan.primary).toEqual(expect.objectContaining({ kind: "redeploy", stage: "prod" }));
    expect(plan.steps).toEqual([]);
  });

  it("the Lambda's own mistake: no button, only the instruction", () => {
    const plan = planFixes(verdict(TAB, ["text/html"], ["text/html"]));
    expect(plan.primary).toBeNull();
    expect(plan.manual.map((f) => f.kind)).toEqual(["set-isBase64Encoded"]);
  });
});
