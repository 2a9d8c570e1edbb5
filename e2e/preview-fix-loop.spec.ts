import { expect, test, type Locator, type Page } from "@playwright/test";
import {
  GetRestApisCommand,
  GetStageCommand,
  UpdateRestApiCommand,
  UpdateStageCommand,
} from "@aws-sdk/client-api-gateway";
import { emulatorClients } from "../test/support/proxy-api";
import { CLIENT_ACCEPT_PRESETS } from "../lib/binary/clients";

// The fix loop as a new user meets it, at 1280×800 in Chromium: the seeded broken API's page runs the preview
// by itself (emulator target, Chrome tab), and the primary fix renders the image, counted in clicks, without
// scrolling. The test restores the demo API exactly afterwards (types and the stage's deployment).

const REGION = "us-east-1";
const EMULATOR_URL = `http://127.0.0.1:${process.env.E2E_EMULATOR_PORT ?? 4610}`;
const CHROME_TAB = CLIENT_ACCEPT_PRESETS.find((p) => p.id === "chrome-tab")!.accept;
const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

test.use({ viewport: { width: 1280, height: 800 } });

let brokenId = "";
let deploymentBefore = "";
let typesBefore: string[] = [];

test.beforeAll(async () => {
  const c = emulatorClients(EMULATOR_URL, REGION);
  const apis = await c.apigw.send(new GetRestApisCommand({ limit: 500 }));
  const broken = apis.items?.find((a) => a.name === "binarygate-demo-broken");
  brokenId = broken!.id!;
  typesBefore = broken!.binaryMediaTypes ?? [];
  deploymentBefore = (await c.apigw.send(new GetStageCommand({ restApiId: brokenId, stageName: "prod" })))
    .deploymentId!;
  c.destroy();
});

test.afterAll(async () => {
  const c = emulatorClients(EMULATOR_URL, REGION);
  const api = (await c.apigw.send(new GetRestApisCommand({ limit: 500 }))).items?.find((a) => a.id === brokenId);
  const added = (api?.binaryMediaTypes ?? []).filter((t) => !typesBefore.includes(t));
  if (added.length > 0) {
    const ops = added.map((t) => ({ op: "remove" as const, path: `/binaryMediaTypes/${t.replace("/", "~1")}` }));
    await c.apigw.send(new UpdateRestApiCommand({ restApiId: brokenId, patchOperations: ops }));
  }
  const patch = [{ op: "replace" as const, path: "/deploymentId", value: deploymentBefore }];
  await c.apigw.send(new UpdateStageCommand({ restApiId: brokenId, stageName: "prod", patchOperations: patch }));
  c.destroy();
});

/** Clicks only what is on screen without scrolling, and counts it. */
function clicker(page: Page) {
  const counter = {
    clicks: 0,
    async click(target: Locator) {
      await expect(target).toBeInViewport({ ratio: 1 });
      counter.clicks++;
      await target.click();
      expect(await page.evaluate(() => window.scrollY)).toBe(0);
    },
  };
  return counter;
}

test("from the broken API's page, a Chrome tab's image renders in at most 2 clicks, without scrolling", async ({
  page,
}) => {
  const user = clicker(page);
  await page.goto(`/apis/${brokenId}?region=${REGION}`);
  const panel = page.getByRole("region", { name: "Preview", exact: true });
  // The preview's fields keep visible labels.
  for (const name of ["Stage", "Resource (deployed)", "Method", "Client (Accept preset)"]) {
    await expect(panel.getByRole("combobox", { name, exact: true })).toBeVisible();
  }
  await expect(panel.getByRole("textbox", { name: "Accept header sent", exact: true })).toBeVisible();
  await expect(panel.getByLabel("Client (Accept preset)")).toHaveValue("chrome-tab");
  const verdict = panel.getByRole("region", { name: "Verdict" });
  await expect(verdict).toHaveAttribute("data-kind", "base64-of-binary");
  await page.screenshot({ path: "test-results/screenshots/fix-loop-landing.png" });

  await user.click(verdict.getByRole("button", { name: "Add text/html and redeploy prod" }));
  await expect(verdict).toHaveAttribute("data-kind", "binary", { timeout: 30_000 });
  const img = panel.getByRole("region", { name: "What the client got" }).getByTestId("preview-image");
  await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(64);
  expect(await img.evaluate((el: HTMLImageElement) => el.naturalHeight)).toBe(64);
  expect(user.clicks).toBeLessThanOrEqual(2);
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  await page.screenshot({ path: "test-results/screenshots/fix-loop-fixed.png" });

  // The stage itself now answers a Chrome tab's Accept with PNG bytes.
  const direct = await fetch(`${EMULATOR_URL}/_aws/execute-api/${brokenId}/prod/logo.png`, {
    headers: { accept: CHROME_TAB },
  });
  const bytes = new Uint8Array(await direct.arrayBuffer());
  expect(direct.status).toBe(200);
  expect(Array.from(bytes.subarray(0, 8))).toEqual(PNG_MAGIC);
});

test("the preview's stage, resource, client and method live in the URL and reopen the same way", async ({ page }) => {
  const c = emulatorClients(EMULATOR_URL, REGION);
  const images = (await c.apigw.send(new GetRestApisCommand({ limit: 500 }))).items!.find(
    (a) => a.name === "binarygate-demo-images",
  )!;
  c.destroy();
  await page.goto(`/apis/${images.id}?region=${REGION}`);
  const panel = page.getByRole("region", { name: "Preview", exact: true });
  // The default resource is one without {params}.
  await expect(panel.getByLabel("Resource (deployed)")).not.toHaveValue(/\{/);
  await panel.getByLabel("Resource (deployed)").selectOption("/report");
  await panel.getByLabel("Client (Accept preset)").selectOption({ label: "No Accept header" });
  await expect(page).toHaveURL(/[?&]resource=%2Freport/);
  await expect(page).toHaveURL(/[?&]client=no-accept/);
  await expect(page).toHaveURL(/[?&]stage=prod/);
  await expect(page).toHaveURL(/[?&]method=GET/);
  const shared = page.url();

  const colleague = await page.context().newPage();
  await colleague.goto(shared);
  const theirs = colleague.getByRole("region", { name: "Preview", exact: true });
  await expect(theirs.getByLabel("Resource (deployed)")).toHaveValue("/report");
  await expect(theirs.getByLabel("Client (Accept preset)")).toHaveValue("no-accept");
  await expect(theirs.getByLabel("Accept header sent")).toHaveValue("");
  const verdict = theirs.getByRole("region", { name: "Verdict" });
  await expect(verdict).toHaveAttribute("data-kind", "base64-of-binary");
  await expect(verdict).toContainText("Without a first Accept value nothing matches, not even */*");
  await expect(theirs.getByTestId("preview-response")).toContainText("with no Accept header");
});
