import { expect, test, type Page } from "@playwright/test";
import { createProxyApi, createProxyFunction, emulatorClients } from "../test/support/proxy-api";
import { makePdf, makePng, makeWav } from "../lib/emulator/seed/assets";

// The Preview in Debian's Chromium against the production build and the seeded emulator (playwright.config).
// Each run builds its own REST API + Node Lambda through the SDK (unique names), so fixing it here never
// changes the demo APIs other tests rely on.

const REGION = "us-east-1";
const EMULATOR_URL = `http://127.0.0.1:${process.env.E2E_EMULATOR_PORT ?? 4610}`;
const PNG_SIZE = 48;
const PNG = makePng(PNG_SIZE);
const PDF = makePdf(["BinaryGate e2e report", "Rendered by pdf.js in the page."]);
const WAV = makeWav(440, 0.5);
// An SVG that would run script if it were ever inlined or opened on the dashboard's origin (docs/security.md promise
// 5).
const SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30" onload="top.__pwned=1"><script>top.__pwned=2</script><rect width="40" height="30" fill="teal"/></svg>';

let apiId = "";

const HANDLER = `"use strict";
const PNG = ${JSON.stringify(PNG.toString("base64"))};
const PDF = ${JSON.stringify(PDF.toString("base64"))};
const WAV = ${JSON.stringify(WAV.toString("base64"))};
const SVG = ${JSON.stringify(SVG)};
exports.handler = async (event) => {
  if (event.path === "/report") return { statusCode: 200, headers: { "Content-Type": "application/pdf" }, body: PDF, isBase64Encoded: true };
  if (event.path === "/sound") return { statusCode: 200, headers: { "Content-Type": "audio/wav" }, body: WAV, isBase64Encoded: true };
  if (event.path === "/vector") return { statusCode: 200, headers: { "Content-Type": "image/svg+xml" }, body: SVG };
  return { statusCode: 200, headers: { "Content-Type": "image/png" }, body: PNG, isBase64Encoded: true };
};
`;

test.beforeAll(async () => {
  const c = emulatorClients(EMULATOR_URL, REGION);
  const name = `e2e-preview-${Date.now().toString(36)}`;
  const functionArn = await createProxyFunction(c, name, { "index.js": HANDLER });
  apiId = await createProxyApi(
    c,
    name,
    ["image/png", "application/pdf", "audio/wav"],
    ["/image", "/report", "/sound", "/vector"].map((path) => ({ path, functionArn })),
  );
  c.destroy();
});

async function openPreview(page: Page) {
  await page.goto(`/apis/${apiId}?region=${REGION}`);
  const panel = page.getByRole("region", { name: "Preview", exact: true });
  await expect(panel.getByRole("button", { name: "Preview" })).toBeVisible();
  return panel;
}

async function choose(page: Page, resource: string, preset: string) {
  const panel = page.getByRole("region", { name: "Preview", exact: true });
  await panel.getByLabel("Resource (deployed)").selectOption(resource);
  await panel.getByLabel("Client (Accept preset)").selectOption({ label: preset });
  await panel.getByRole("button", { name: "Preview", exact: true }).click();
}

test("a broken image: what the client got first, then one fix adds the type and redeploys", async ({ page }) => {
  const panel = await openPreview(page);
  await choose(page, "/image", "Chrome tab");
  const verdict = panel.getByRole("region", { name: "Verdict" });
  await expect(verdict).toHaveAttribute("data-kind", "base64-of-binary");
  await expect(verdict).toContainText(
    "The body is base64 text of PNG image because the first Accept value text/html matches none of the deployed binary media types [image/png, application/pdf, audio/wav].",
  );
  // First what the tab really shows (a broken image), then the decoded file as secondary.
  const got = panel.getByRole("region", { name: "What the client got" });
  await expect(got.getByTestId("preview-image")).toBeVisible();
  await expect
    .poll(() => got.getByTestId("preview-image").evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth))
    .toBe(0);
  await expect(got).toContainText("this is the broken image a browser shows");
  const decoded = panel.getByRole("region", { name: "Decoded" });
  await expect(decoded).toContainText("Decoded: what it should have been");
  await expect
    .poll(() => decoded.getByTestId("preview-image").evaluate((el: HTMLImageElement) => el.naturalWidth))
    .toBe(PNG_SIZE);
  // Never a button that cannot fix: no lone "Redeploy prod" while the types do not match.
  await expect(verdict.getByRole("button", { name: "Redeploy prod", exact: true })).toHaveCount(0);
  await expect(verdict.getByTestId("primary-fix")).toContainText(
    "Side effect: only request bodies sent as text/html change: they then reach the Lambda base64-encoded.",
  );
  await page.screenshot({ path: "test-results/screenshots/preview-broken.png", fullPage: true });

  await verdict.getByRole("button", { name: "Add text/html and redeploy prod" }).click();
  await expect(panel.getByRole("region", { name: "Verdict" })).toHaveAttribute("data-kind", "binary");
  await expect(panel.getByRole("region", { name: "Verdict" })).toContainText(
    "The first Accept value text/html matches the deployed binary media type text/html",
  );
  const img = panel.getByRole("region", { name: "What the client got" }).getByTestId("preview-image");
  await expect(img).toBeVisible();
  await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(PNG_SIZE);
  await expect(panel.getByRole("region", { name: "Decoded" })).toHaveCount(0);
  await page.screenshot({ path: "test-results/screenshots/preview-fixed.png", fullPage: true });
});

test("the one-step path: only add the type, then the next verdict offers the redeploy alone", async ({ page }) => {
  const panel = await openPreview(page);
  await choose(page, "/image", "Safari <img>");
  const verdict = panel.getByRole("region", { name: "Verdict" });
  await expect(verdict).toHaveAttribute("data-kind", "base64-of-binary");
  await verdict.getByText("Other fixes, or one step at a time").click();
  // <img> fixes offer image/* first: a browser's first image type changes between versions.
  await expect(verdict.getByTestId("primary-fix")).toContainText("Add image/* and redeploy prod");
  await verdict.getByRole("button", { name: "Only add image/webp" }).click();
  await expect(verdict).toContainText(
    "The API's current types would match (image/webp), but stage prod was not redeployed",
  );
  await verdict.getByRole("button", { name: "Redeploy prod", exact: true }).click();
  await expect(panel.getByRole("region", { name: "Verdict" })).toHaveAttribute("data-kind", "binary");
});

test("a PDF renders its first page in the page", async ({ page }) => {
  const panel = await openPreview(page);
  await choose(page, "/report", "Accept: application/pdf");
  await expect(panel.getByTestId("verdict")).toHaveAttribute("data-kind", "binary");
  const pdf = panel.getByTestId("pdf-view");
  await expect(pdf).toHaveAttribute("data-rendered", "true");
  await expect(pdf).toContainText("Page 1 of 1");
  const inked = await pdf.locator("canvas").evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] < 200 || d[i + 1] < 200 || d[i + 2] < 200) n++;
    return { n, w: c.width, h: c.height };
  });
  expect(inked.w).toBeGreaterThan(100);
  expect(inked.n).toBeGreaterThan(50); // the text of the page, not a blank canvas
  await page.screenshot({ path: "test-results/screenshots/preview-pdf.png", fullPage: true });
});

test("the hex view shows the bytes with offsets", async ({ page }) => {
  const panel = await openPreview(page);
  await choose(page, "/image", "Accept: image/png");
  await expect(panel.getByTestId("verdict")).toHaveAttribute("data-kind", "binary");
  await panel.getByRole("button", { name: "Hex" }).click();
  const hex = panel.getByLabel("Hex view");
  await expect(hex).toContainText("00000000  89 50 4e 47 0d 0a 1a 0a 00 00 00 0d 49 48 44 52  .PNG........IHDR");
  await expect(panel.getByTestId("upstream-size")).toContainText(`(${PNG.length.toLocaleString("en-US")} bytes)`);
  await page.screenshot({ path: "test-results/screenshots/preview-hex.png", fullPage: true });
});

test("'This browser' shows the Accept headers Chromium really sent", async ({ page }) => {
  // What Chromium put on the wire, observed independently of the app through Playwright's network events.
  const wire: { page?: string; image?: string } = {};
  page.on("request", async (req) => {
    const url = req.url();
    if (url.includes("/api/preview/echo-accept/page")) wire.page = (await req.allHeaders()).accept;
    if (url.includes("/api/preview/echo-accept/image")) wire.image = (await req.allHeaders()).accept;
  });
  const panel = await openPreview(page);
  await expect(panel.getByTestId("this-browser-page")).toHaveText(/^text\/html,/);
  await expect(panel.getByTestId("this-browser-image")).toHaveText(/^image\//);
  expect(wire.page).toMatch(/^text\/html,/);
  await expect(panel.getByTestId("this-browser-page")).toHaveText(wire.page!);
  await expect(panel.getByTestId("this-browser-image")).toHaveText(wire.image!);
  // Chromium 156 puts image/jxl before image/avif (now in the chrome-img preset); the live capture is what
  // keeps the product right when a browser changes its header again.
  expect(wire.image).toContain("image/avif");
  const options = await panel.getByLabel("Client (Accept preset)").locator("option").allTextContents();
  expect(options).toContain("This browser — page (captured)");
  expect(options).toContain("This browser — <img> (captured)");
  await page.screenshot({ path: "test-results/screenshots/preview-this-browser.png", fullPage: true });
});

test("the client matrix predicts and confirms per client", async ({ page }) => {
  const panel = await openPreview(page);
  await panel.getByLabel("Resource (deployed)").selectOption("/image");
  const matrix = panel.getByTestId("client-matrix");
  await matrix.getByRole("button", { name: "Run for every client" }).click();
  await expect(matrix.getByRole("button", { name: "Run again" })).toBeVisible({ timeout: 30_000 });
  const rows = matrix.locator("tbody tr");
  await expect(rows.filter({ hasText: "Chrome <img>" })).toContainText("base64 text");
  await expect(rows.filter({ hasText: "Accept: image/png" })).toContainText("binary");
  await expect(matrix.locator('tr[data-mismatch="true"]')).toHaveCount(0);
  await page.screenshot({ path: "test-results/screenshots/preview-matrix.png", fullPage: true });
});

test("audio plays from a blob: URL and an SVG is shown inert (its script never runs)", async ({ page }) => {
  const panel = await openPreview(page);
  await choose(page, "/sound", "Accept: */*");
  await panel.getByLabel("Accept header sent").fill("audio/wav");
  await panel.getByRole("button", { name: "Preview", exact: true }).click();
  await expect(panel.getByTestId("verdict")).toHaveAttribute("data-kind", "binary");
  const audio = panel.getByTestId("preview-audio");
  await expect(audio).toHaveAttribute("src", /^blob:/);
  await expect.poll(() => audio.evaluate((a: HTMLAudioElement) => a.duration)).toBeCloseTo(0.5, 1);

  await choose(page, "/vector", "Accept: */*");
  await expect(panel.getByTestId("verdict")).toHaveAttribute("data-kind", "text");
  const img = panel.getByTestId("preview-image");
  await expect(img).toHaveAttribute("src", /^blob:/);
  await expect(panel).toContainText("SVG image (shown as pixels), 40×30 px");
  await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(40);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await expect(panel.locator("svg rect[fill=teal]")).toHaveCount(0); // never inlined into the DOM
  await page.screenshot({ path: "test-results/screenshots/preview-svg.png", fullPage: true });
});
