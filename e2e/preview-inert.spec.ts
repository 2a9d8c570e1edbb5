import { expect, test, type Page } from "@playwright/test";
import { createProxyApi, createProxyFunction, emulatorClients } from "../test/support/proxy-api";
import { makePng } from "../lib/emulator/seed/assets";

// Nothing previewed may ever become a document of the dashboard's origin (docs/security.md promise 5): every URL the
// preview puts in the page (images, downloads, players) and the preview route itself is opened in a new tab,
// as "Open image in new tab", a drag to the tab strip or "Open link" would, and no script may run. A script
// that ran on the dashboard's origin would leave its mark in the origin's localStorage.

const REGION = "us-east-1";
const EMULATOR_URL = `http://127.0.0.1:${process.env.E2E_EMULATOR_PORT ?? 4610}`;
const MARK = "localStorage.setItem('pwned', location.href)";
const SVG =
  `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30" onload="${MARK}">` +
  `<script>${MARK}</script><rect width="40" height="30" fill="teal"/></svg>`;
const HTML = `<!doctype html><html><body><script>${MARK}</script>hello</body></html>`;
const PNG = makePng(16);

const HANDLER = `"use strict";
const SVG = ${JSON.stringify(SVG)};
const HTML = ${JSON.stringify(HTML)};
const PNG = ${JSON.stringify(PNG.toString("base64"))};
exports.handler = async (event) => {
  if (event.path === "/vector") return { statusCode: 200, headers: { "Content-Type": "image/svg+xml" }, body: SVG };
  if (event.path === "/vector-as-png") return { statusCode: 200, headers: { "Content-Type": "image/png" }, body: SVG };
  if (event.path === "/page") return { statusCode: 200, headers: { "Content-Type": "text/html" }, body: HTML };
  if (event.path === "/page-as-png") return { statusCode: 200, headers: { "Content-Type": "image/png" }, body: HTML };
  return { statusCode: 200, headers: { "Content-Type": "image/png" }, body: PNG, isBase64Encoded: true };
};
`;

const RESOURCES = ["/vector", "/vector-as-png", "/page", "/page-as-png", "/image"];
let apiId = "";

test.beforeAll(async () => {
  const c = emulatorClients(EMULATOR_URL, REGION);
  const name = `e2e-inert-${Date.now().toString(36)}`;
  const functionArn = await createProxyFunction(c, name, { "index.js": HANDLER });
  apiId = await createProxyApi(
    c,
    name,
    ["image/png"],
    RESOURCES.map((path) => ({ path, functionArn })),
  );
  c.destroy();
});

/** Every URL the preview panel exposes: element sources and link targets (blob:, data: or the dashboard's). */
async function exposedUrls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const panel = document.querySelector('[aria-labelledby="preview-title"]') ?? document.body;
    const urls = new Set<string>();
    for (const el of panel.querySelectorAll("img, audio, video, source, a, iframe, embed, object")) {
      for (const attr of ["src", "href", "data"]) {
        const v = el.getAttribute(attr);
        if (v && /^(blob:|data:|\/api\/)/.test(v)) urls.add(new URL(v, location.href).href);
      }
    }
    return [...urls];
  });
}

/** Opens a URL in a new tab the two ways a user can: from the page (window.open) and by the address bar. */
async function openInNewTabs(page: Page, url: string): Promise<void> {
  const popup = page.waitForEvent("popup", { timeout: 5_000 }).catch(() => null);
  await page.evaluate((u) => void window.open(u, "_blank"), url);
  const tab = await popup;
  await tab?.waitForLoadState("load", { timeout: 5_000 }).catch(() => {});
  const typed = await page.context().newPage();
  await typed.goto(url, { timeout: 5_000 }).catch(() => {});
  await page.waitForTimeout(300); // an onload handler in an opened document runs right after load
  await tab?.close();
  await typed.close();
}

test("no URL the preview exposes runs script as the dashboard when opened in a new tab", async ({ page }) => {
  await page.goto(`/apis/${apiId}?region=${REGION}`);
  await page.evaluate(() => localStorage.removeItem("pwned"));
  const panel = page.getByRole("region", { name: "Preview", exact: true });
  const previewUrls: string[] = [];
  page.on("request", (r) => r.url().includes("/api/preview?") && previewUrls.push(r.url()));
  let opened = 0;
  for (const resource of RESOURCES) {
    await panel.getByLabel("Resource (deployed)").selectOption(resource);
    await panel.getByLabel("Client (Accept preset)").selectOption({ label: "Accept: */*" });
    await panel.getByRole("button", { name: "Preview", exact: true }).click();
    await expect(panel.getByTestId("preview-response")).toBeVisible();
    await expect(panel.getByTestId("preview-response")).toContainText(`/${apiId}`);
    await expect(panel.getByTestId("preview-response")).toContainText(resource);
    await page.waitForTimeout(500); // let every viewer create its blob: URL
    const urls = await exposedUrls(page);
    expect(urls.length, `${resource} exposes at least one URL`).toBeGreaterThan(0);
    for (const url of [...urls, previewUrls.at(-1)!]) {
      await openInNewTabs(page, url);
      opened++;
      expect(
        await page.evaluate(() => localStorage.getItem("pwned")),
        `script ran from ${url} (${resource})`,
      ).toBeNull();
    }
  }
  expect(opened).toBeGreaterThanOrEqual(RESOURCES.length * 2);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
});
