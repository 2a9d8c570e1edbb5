import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type APIGatewayClient, CreateDeploymentCommand, UpdateRestApiCommand } from "@aws-sdk/client-api-gateway";
import { createProxyApi, createProxyFunction, emulatorClients } from "../support/proxy-api";
import { startEmulator, type RunningEmulator } from "@/lib/emulator";
import { computeVerdict } from "@/lib/binary/verdict";

// The preview route against a REAL emulator: our own REST API and Node Lambda, created through the SDK,
// called through the public GET handler (ids only), with verdicts computed from the bytes that came back.

const REGION = "us-east-1";
const PNG_B64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mP8/wIAAgkBAyMAlYwAAAAASUVORK5CYII=";
const PNG = Buffer.from(PNG_B64, "base64");

const HANDLER = `"use strict";
const PNG_B64 = ${JSON.stringify(PNG_B64)};
let BIG;
exports.handler = async (event) => {
  const p = event.path;
  if (p === "/big") return { statusCode: 200, headers: { "Content-Type": "image/png" }, body: (BIG ??= Buffer.alloc(3 * 1024 * 1024, 7).toString("base64")), isBase64Encoded: true };
  if (p === "/png" || p.startsWith("/items/")) return { statusCode: 200, headers: { "Content-Type": "image/png" }, body: PNG_B64, isBase64Encoded: true };
  if (p === "/moved") return { statusCode: 302, headers: { Location: "http://169.254.169.254/latest/meta-data/" }, body: "" };
  if (p === "/forgot") return { statusCode: 200, headers: { "Content-Type": "image/png" }, body: PNG_B64, isBase64Encoded: false };
  if (p === "/mangled") return { statusCode: 200, headers: { "Content-Type": "image/png" }, body: Buffer.from(PNG_B64, "base64").toString("utf8") };
  return { statusCode: 200, headers: { "Content-Type": "application/json" }, body: JSON.stringify({ hello: "world" }) };
};
`;

let emu: RunningEmulator;
let stateDir: string;
let apiId: string;
let apigw: APIGatewayClient;
let GET: (req: Request) => Promise<Response>;
let slots: typeof import("@/lib/preview/upstream") & typeof import("@/lib/preview/protocol");

function previewRequest(params: Record<string, string>, headers: Record<string, string> = {}): Request {
  const q = new URLSearchParams({
    region: REGION,
    apiId,
    stage: "prod",
    method: "GET",
    accept: "image/png",
    path: "/png",
    ...params,
  });
  return new Request(`http://127.0.0.1:3000/api/preview?${q}`, { headers: { host: "127.0.0.1:3000", ...headers } });
}

const acceptOf = new WeakMap<Response, string>();

async function preview(params: Record<string, string>) {
  const res = await GET(previewRequest(params));
  acceptOf.set(res, params.accept ?? "image/png");
  const body = new Uint8Array(await res.arrayBuffer());
  return { res, body };
}

function verdictOf(res: Response, body: Uint8Array) {
  const headers = JSON.parse(res.headers.get("x-binarygate-upstream-headers")!) as [string, string][];
  return computeVerdict({
    deployedBinaryMediaTypes: JSON.parse(res.headers.get("x-binarygate-deployed-types")!),
    currentBinaryMediaTypes: JSON.parse(res.headers.get("x-binarygate-current-types")!),
    accept: acceptOf.get(res) ?? null,
    status: Number(res.headers.get("x-binarygate-upstream-status")),
    contentType: headers.find(([k]) => k === "content-type")?.[1] ?? null,
    body,
    stage: "prod",
  });
}

beforeAll(async () => {
  stateDir = await mkdtemp(join(tmpdir(), "binarygate-preview-"));
  emu = await startEmulator({ port: 0, stateDir, seed: false });
  process.env.BINARYGATE_EMULATOR_URL = emu.url;
  delete process.env.BINARYGATE_TARGET;
  const c = emulatorClients(emu.url, REGION);
  apigw = c.apigw;
  const functionArn = await createProxyFunction(c, "preview-test", { "index.js": HANDLER });
  apiId = await createProxyApi(
    c,
    "preview-test",
    ["image/png"],
    ["/png", "/forgot", "/mangled", "/json", "/moved", "/items/{id}", "/big"].map((path) => ({ path, functionArn })),
  );
  ({ GET } = await import("@/app/api/preview/route"));
  slots = { ...(await import("@/lib/preview/upstream")), ...(await import("@/lib/preview/protocol")) };
}, 60_000);

afterAll(async () => {
  await emu?.close();
  if (stateDir) await rm(stateDir, { recursive: true, force: true });
});

describe("GET /api/preview refusals", () => {
  it("refuses an API id that is not the target's", async () => {
    const { res, body } = await preview({ apiId: "zzzzzzzzzz" });
    expect(res.status).toBe(404);
    expect(JSON.parse(new TextDecoder().decode(body)).message).toBe("REST API zzzzzzzzzz was not found in us-east-1");
  });

  it("refuses a stage that does not exist", async () => {
    const { res, body } = await preview({ stage: "nope" });
    expect(res.status).toBe(404);
    expect(JSON.parse(new TextDecoder().decode(body)).message).toBe("Stage nope was not found on REST API " + apiId);
  });

  it("refuses a path with .. before touching the target", async () => {
    const { res, body } = await preview({ path: "/items/../png" });
    expect(res.status).toBe(400);
    expect(JSON.parse(new TextDecoder().decode(body)).fieldErrors.path).toBe("path must not contain . or .. segments");
  });

  it("refuses a path that matches no deployed route", async () => {
    const { res, body } = await preview({ path: "/secret" });
    expect(res.status).toBe(404);
    expect(JSON.parse(new TextDecoder().decode(body)).message).toBe("/secret matches no route deployed on stage prod");
  });

  it("refuses a method that is not deployed", async () => {
    const { res, body } = await preview({ method: "DELETE" });
    expect(res.status).toBe(405);
    expect(JSON.parse(new TextDecoder().decode(body)).message).toBe("DELETE is not deployed on /png (deployed: GET)");
  });

  it("never takes a URL", async () => {
    const { res, body } = await preview({ url: `${emu.url}/_aws/execute-api/${apiId}/prod/png` });
    expect(res.status).toBe(400);
    expect(JSON.parse(new TextDecoder().decode(body)).fieldErrors.url).toBe("the preview takes ids, never a URL");
  });

  it.each([
    [{ origin: "http://evil.example" }, 403],
    [{ origin: "null" }, 403],
    [{ "sec-fetch-site": "cross-site" }, 403],
    [{ host: "evil.example:3000" }, 403],
  ])("refuses a foreign request %j", async (headers, status) => {
    const res = await GET(previewRequest({}, headers));
    expect(res.status).toBe(status);
    expect(res.headers.get("x-binarygate-upstream-status")).toBeNull();
  });

  it("accepts a same-origin fetch", async () => {
    const res = await GET(previewRequest({}, { origin: "http://127.0.0.1:3000", "sec-fetch-site": "same-origin" }));
    expect(res.status).toBe(200);
    await res.arrayBuffer();
  });

  it(`answers 429 when ${4} previews are in flight`, async () => {
    const held = Array.from({ length: slots.PREVIEW_MAX_IN_FLIGHT }, () => slots.acquirePreviewSlot());
    try {
      const { res, body } = await preview({});
      expect(res.status).toBe(429);
      expect(JSON.parse(new TextDecoder().decode(body)).message).toBe(slots.BUSY_MESSAGE);
    } finally {
      for (const r of held) r?.();
    }
  });
});

describe("GET /api/preview relays the stage's real bytes", () => {
  it("streams binary bytes inertly with upstream metadata", async () => {
    const { res, body } = await preview({ accept: "image/png,image/*;q=0.8" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/octet-stream");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-security-policy")).toBe("sandbox; default-src 'none'");
    expect(res.headers.get("content-disposition")).toBe("attachment");
    expect(res.headers.get("x-binarygate-upstream-status")).toBe("200");
    expect(JSON.parse(res.headers.get("x-binarygate-deployed-types")!)).toEqual(["image/png"]);
    expect(Buffer.from(body).equals(PNG)).toBe(true);
    const v = verdictOf(res, body);
    expect(v.kind).toBe("binary");
    expect(v.deployedMatch).toBe("image/png");
  });

  it("browser-tab Accept: base64 text, with the reason and the fixes", async () => {
    const { res, body } = await preview({ accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" });
    expect(new TextDecoder().decode(body)).toBe(PNG_B64);
    const v = verdictOf(res, body);
    expect(v.kind).toBe("base64-of-binary");
    expect(v.reasons[0]).toContain(
      "the first Accept value `text/html` matches none of the deployed binary media types [`image/png`]",
    );
    expect(Buffer.from(v.decoded!).equals(PNG)).toBe(true);
    expect(v.fixes.map((f) => (f.kind === "add-type" ? f.mediaType : f.kind))).toEqual([
      "text/html",
      "text/*",
      "*/*",
      "redeploy",
      "send-accept",
    ]);
  });

  it("a filled {id} parameter reaches the deployed route", async () => {
    const { res, body } = await preview({ path: "/items/42" });
    expect(res.headers.get("x-binarygate-route")).toBe('"/items/{id}"');
    expect(Buffer.from(body).equals(PNG)).toBe(true);
  });

  it("matching Accept but isBase64Encoded false: blames the Lambda", async () => {
    const { res, body } = await preview({ path: "/forgot" });
    const v = verdictOf(res, body);
    expect(v.kind).toBe("base64-of-binary");
    expect(v.reasons[0]).toContain("isBase64Encoded false or missing");
    expect(v.fixes.map((f) => f.kind)).toEqual(["set-isBase64Encoded"]);
  });

  it("raw bytes returned as a string: U+FFFD mangling is detected", async () => {
    const { res, body } = await preview({ path: "/mangled" });
    const v = verdictOf(res, body);
    expect(v.kind).toBe("text");
    expect(v.replacementChars).toBeGreaterThan(0);
    expect(v.reasons[0]).toMatch(/U\+FFFD replacement sequences?: the Lambda returned raw bytes/);
    expect(v.fixes[0].kind).toBe("set-isBase64Encoded");
  });

  it("a redirect is reported with its Location, not followed", async () => {
    const { res, body } = await preview({ path: "/moved" });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-binarygate-upstream-status")).toBe("302");
    const headers = JSON.parse(res.headers.get("x-binarygate-upstream-headers")!) as [string, string][];
    expect(headers.find(([k]) => k === "location")?.[1]).toBe("http://169.254.169.254/latest/meta-data/");
    expect(body.length).toBe(0);
    expect(verdictOf(res, body).reasons[0]).toBe(
      "The stage answered a 302 redirect, which the preview reports and does not follow.",
    );
  });

  it("JSON stays text", async () => {
    const { res, body } = await preview({ path: "/json", accept: "application/json" });
    expect(JSON.parse(new TextDecoder().decode(body))).toEqual({ hello: "world" });
    expect(verdictOf(res, body).kind).toBe("text");
  });

  it("a type added but not deployed: says redeploy, then redeploying makes it binary", async () => {
    await apigw.send(
      new UpdateRestApiCommand({
        restApiId: apiId,
        patchOperations: [{ op: "add", path: "/binaryMediaTypes/text~1html" }],
      }),
    );
    const accept = "text/html,application/xhtml+xml;q=0.9";
    const before = await preview({ accept });
    const v = verdictOf(before.res, before.body);
    expect(v.kind).toBe("base64-of-binary");
    expect(v.currentMatch).toBe("text/html");
    expect(v.reasons[1]).toBe(
      "The API's current types would match (`text/html`), but stage `prod` was not redeployed after they changed.",
    );
    expect(v.fixes[0]).toMatchObject({ kind: "redeploy", stage: "prod" });
    expect(v.fixes.some((f) => f.kind === "add-type")).toBe(false);

    await apigw.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: "prod" }));
    const after = await preview({ accept });
    expect(Buffer.from(after.body).equals(PNG)).toBe(true);
    expect(verdictOf(after.res, after.body).kind).toBe("binary");
  });
});

describe("preview slots and stalled readers", () => {
  it("the deadline frees the slots of 4 stalled readers; a 5th preview then gets through", {
    timeout: 30_000,
  }, async () => {
    slots.setPreviewTimeoutForTests(4_000);
    try {
      // Four previews of 3 MB whose bodies nobody reads, as a browser tab that stopped reading: more than the
      // route reads ahead, so the stage's answer cannot finish on its own.
      const stalled: Response[] = [];
      for (let i = 0; i < slots.PREVIEW_MAX_IN_FLIGHT; i++) {
        const res = await GET(previewRequest({ path: "/big" }));
        expect(res.status).toBe(200);
        stalled.push(res);
      }
      expect(slots.previewsInFlight()).toBe(slots.PREVIEW_MAX_IN_FLIGHT);
      const busy = await preview({});
      expect(busy.res.status).toBe(429);

      const t0 = Date.now();
      while (slots.previewsInFlight() > 0 && Date.now() - t0 < 10_000) await new Promise((r) => setTimeout(r, 100));
      expect(slots.previewsInFlight()).toBe(0);
      slots.setPreviewTimeoutForTests(null);
      const fifth = await preview({});
      expect(fifth.res.status).toBe(200);
      expect(Buffer.from(fifth.body).equals(PNG)).toBe(true);
      // The stalled readers' streams end in an error at the deadline, not silently.
      await expect(stalled[0].arrayBuffer()).rejects.toThrow();
    } finally {
      slots.setPreviewTimeoutForTests(null);
    }
  });
});

describe("GET /api/preview/matrix", () => {
  async function controlPlaneCalls(): Promise<{ apigateway: number; dataPlane: number }> {
    const m = (await (await fetch(`${emu.url}/_binarygate/metrics`)).json()) as {
      calls: Record<string, Record<string, number>>;
    };
    const sum = (t: Record<string, number> | undefined) => Object.values(t ?? {}).reduce((a, b) => a + b, 0);
    return { apigateway: sum(m.calls.apigateway), dataPlane: sum(m.calls["execute-api"]) };
  }

  it("reads the stage's configuration once per run, not once per client", async () => {
    const { GET: matrix } = await import("@/app/api/preview/matrix/route");
    const accepts = [
      "application/xml,*/*;q=0.8",
      "image/jxl,image/*",
      "image/png",
      "*/*",
      "",
      "application/pdf",
      "image/webp",
    ];
    const q = new URLSearchParams({ region: REGION, apiId, stage: "prod", method: "GET", path: "/png" });
    for (const a of accepts) q.append("accept", a);
    const before = await controlPlaneCalls();
    const res = await matrix(
      new Request(`http://127.0.0.1:3000/api/preview/matrix?${q}`, { headers: { host: "127.0.0.1:3000" } }),
    );
    expect(res.status).toBe(200);
    const lines = (await res.text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    const after = await controlPlaneCalls();
    expect(after.apigateway - before.apigateway).toBe(2);
    expect(after.dataPlane - before.dataPlane).toBe(accepts.length);
    expect(lines[0]).toMatchObject({ type: "config" });
    const rows = lines.slice(1);
    expect(rows.map((r) => r.index)).toEqual(accepts.map((_, i) => i));
    expect(rows[2]).toEqual({ type: "row", index: 2, status: 200, kind: "binary" });
    expect(rows[0]).toMatchObject({ kind: "base64-of-binary" });
    expect(rows[4]).toMatchObject({ kind: "base64-of-binary" }); // no Accept header: nothing matches
    expect(slots.previewsInFlight()).toBe(0);
  });

  it("refuses more than 16 clients and a URL", async () => {
    const { GET: matrix } = await import("@/app/api/preview/matrix/route");
    const q = new URLSearchParams({ region: REGION, apiId, stage: "prod", method: "GET", path: "/png" });
    for (let i = 0; i < 17; i++) q.append("accept", "*/*");
    const res = await matrix(
      new Request(`http://127.0.0.1:3000/api/preview/matrix?${q}`, { headers: { host: "127.0.0.1:3000" } }),
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as { fieldErrors: Record<string, string> }).fieldErrors.accepts).toBe(
      "at most 16 clients",
    );
  });
});
