import { expect, test, type Page } from "@playwright/test";
import { AWS_REGIONS } from "../lib/aws/regions";
import { createApiWithStage, demoApiId, EMULATOR_URL } from "./support/apis";

// The fix loop's page-level behaviour (issue 16 items 4–10): not-found as 404, 390 px layout, the live
// region and focus after each change, undo, confirmations, rollback, and the small page details.

const unique = (p: string) => `${p}-${Date.now().toString(36)}`;

async function noHorizontalScroll(page: Page): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.scrollingElement!.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth, `page is ${scrollWidth} px wide in a ${innerWidth} px window`).toBeLessThanOrEqual(innerWidth);
}

const focusedLabel = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return el && el !== document.body
      ? (el.getAttribute("aria-label") ?? el.getAttribute("name") ?? el.tagName)
      : "BODY";
  });

test.describe("not-found and error pages", () => {
  for (const path of ["/apis/doesnotexist", "/apis/zzzzzzzzzz?region=us-east-1", "/no/such/page"]) {
    test(`${path} is a styled 404 with the way back`, async ({ page }) => {
      const res = await page.goto(path);
      expect(res?.status()).toBe(404);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(/not found/);
      await expect(page.getByRole("link", { name: /^← All REST APIs/ })).toBeVisible();
      await expect(page.getByRole("link", { name: "Retry" })).toHaveCount(0);
    });
  }

  test("an unknown region shows the list of regions to pick from", async ({ page }) => {
    for (const path of ["/?region=evil.example", `/apis/${await demoApiId("binarygate-demo-json")}?region=mars-1`]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1, name: "Unknown region" })).toBeVisible();
      const list = page.getByRole("navigation", { name: "AWS regions" });
      await expect(list.getByRole("link")).toHaveCount(AWS_REGIONS.length);
      await list.getByRole("link", { name: "eu-west-1", exact: true }).click();
      await expect(page).toHaveURL(/region=eu-west-1/);
      await expect(page.getByRole("heading", { level: 1 })).not.toHaveText("Unknown region");
    }
  });
});

test.describe("390 px", () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test("no horizontal page scroll on any page; tables stack; a tap on Preview is not intercepted", async ({ page }) => {
    const broken = await demoApiId("binarygate-demo-broken");
    const images = await demoApiId("binarygate-demo-images");
    for (const path of [
      "/",
      `/apis/${broken}?region=us-east-1`,
      `/apis/${images}?region=us-east-1`,
      "/apis/doesnotexist",
      "/?region=nope",
    ]) {
      await page.goto(path);
      await expect(page.locator("main")).not.toBeEmpty();
      await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
      await noHorizontalScroll(page);
    }
    // The list's binary types column is on screen (rows are stacked, not clipped).
    await page.goto("/");
    const badge = page.locator("main").getByText("audio/wav", { exact: true }).first();
    await expect(badge).toBeVisible();
    const box = await badge.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);

    await page.goto(`/apis/${broken}?region=us-east-1`);
    const preview = page
      .getByRole("region", { name: "Preview", exact: true })
      .getByRole("button", { name: "Preview", exact: true });
    await preview.scrollIntoViewIfNeeded();
    // tap() fails when another element would receive the touch.
    await preview.tap({ timeout: 10_000 });
    // The preview's result (headers with a long Accept, verdict) must not widen the page either.
    await expect(preview).toHaveText("Preview", { timeout: 30_000 });
    await noHorizontalScroll(page);
  });
});

test("every displayed AWS CLI command names the emulator endpoint and the region", async ({ page }) => {
  await page.goto(`/apis/${await demoApiId("binarygate-demo-images")}?region=us-east-1`);
  const commands = await page.getByTestId("cli-command").allTextContents();
  expect(commands.length).toBeGreaterThan(2);
  for (const c of commands) {
    expect(c).toContain(`--endpoint-url ${EMULATOR_URL}`);
    expect(c).toContain("--region us-east-1");
  }
});

test("add, remove, undo and confirm: one live region, focus never on <body>", async ({ page }) => {
  const apiId = await createApiWithStage("us-east-1", unique("e2e-live"), ["application/pdf"]);
  await page.goto(`/apis/${apiId}?region=us-east-1`);
  const status = page.locator("#media-type-status");
  const input = page.getByRole("textbox", { name: "Media type" });
  const chips = page.getByRole("list", { name: "Binary media types" });

  for (const t of ["image/webp", "image/gif"]) {
    await input.fill(t);
    await input.press("Enter");
    await expect(status).toHaveText(`Added ${t}. Redeploy a stage to apply it.`);
    expect(await focusedLabel(page)).not.toBe("BODY");
  }

  // Removing a type no stage serves: no question, its own announcement, focus on the chip that took its place.
  await chips.getByRole("button", { name: "Remove image/webp" }).click();
  await expect(status).toHaveText("Removed image/webp. Redeploy a stage to apply it.");
  await expect(status).not.toContainText("Added");
  await expect(chips.getByRole("button", { name: "Remove image/webp" })).toHaveCount(0);
  await expect.poll(() => focusedLabel(page)).toBe("Remove image/gif");

  // Undo puts it back, announced.
  await page.getByTestId("undo-toast").getByRole("button", { name: "Undo" }).click();
  await expect(status).toHaveText("Added image/webp. Redeploy a stage to apply it.");
  await expect(chips.getByRole("button", { name: "Remove image/webp" })).toBeVisible();
  await expect.poll(() => focusedLabel(page)).not.toBe("BODY");

  // application/pdf is served by prod: the server asks first; Remove confirms.
  await chips.getByRole("button", { name: "Remove application/pdf" }).click();
  await expect(status).toContainText("Stage prod still serves application/pdf");
  await expect(chips.getByRole("button", { name: "Remove application/pdf" })).toBeVisible();
  await expect.poll(() => focusedLabel(page)).toBe("BUTTON");
  await page.getByRole("button", { name: "Remove application/pdf", exact: true }).last().click();
  await expect(status).toHaveText("Removed application/pdf. Redeploy a stage to apply it.");
  await expect(chips.getByRole("button", { name: "Remove application/pdf" })).toHaveCount(0);
  await expect.poll(() => focusedLabel(page)).not.toBe("BODY");

  // */* asks first; Cancel changes nothing and returns to the field.
  await page.getByRole("button", { name: "Use preset */*" }).click();
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await expect(status).toContainText("*/* makes every client get bytes");
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(input).toBeFocused();
  await expect(chips.getByText("*/*")).toHaveCount(0);
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await page.getByRole("button", { name: "Add */* anyway" }).click();
  await expect(status).toHaveText("Added */*. Redeploy a stage to apply it.");
  await expect(chips.getByRole("button", { name: "Remove */*" })).toBeVisible();
});

test("redeploy with a description, roll back, and roll back from the history", async ({ page }) => {
  const apiId = await createApiWithStage("us-east-1", unique("e2e-rollback"), ["application/pdf"]);
  await page.goto(`/apis/${apiId}?region=us-east-1`);
  const stage = page.getByTestId("stage-prod");
  await expect(page.getByText("1 deployment", { exact: true })).toBeVisible();
  const first = (await stage.getByTestId("stage-deployment").textContent())!.match(/Deployment (\w+)/)![1];

  await stage.getByRole("textbox", { name: "Description (optional)" }).fill("with a note");
  await stage.getByRole("button", { name: "Redeploy prod" }).click();
  await expect(stage.getByRole("status")).toContainText(/Deployed \w+ to prod\./);
  await expect(stage.getByTestId("stage-deployment")).toContainText("with a note");
  await expect(page.getByText("2 deployments", { exact: true })).toBeVisible();

  await stage.getByRole("button", { name: `Roll back to ${first}` }).click();
  await expect(stage.getByRole("status")).toContainText(`Stage prod now serves deployment ${first}`);
  await expect(stage.getByTestId("stage-deployment")).toContainText(`Deployment ${first}`);

  // From the history: move prod forward to the newer deployment again.
  const history = page.getByTestId("deployment-history");
  const newer = history.getByRole("row").nth(1);
  await newer.getByRole("button", { name: /^Move prod to this deployment / }).click();
  await expect(stage.getByTestId("stage-deployment")).not.toContainText(`Deployment ${first}`);
  await expect(stage.getByTestId("stage-deployment")).toContainText("with a note");
});

test("page details: region applies on change, skip link, h1, favicon, keyboard-reachable tables, dark scheme", async ({
  page,
}) => {
  await page.goto("/");
  await page.getByRole("combobox", { name: "Region" }).selectOption("eu-west-2");
  await expect(page).toHaveURL(/region=eu-west-2/);
  await expect(page.getByTestId("header-region")).toHaveText("eu-west-2");

  await page.goto("/");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press("Enter");
  await expect(page.locator("main")).toBeFocused();

  await expect(page.getByRole("heading", { level: 1, name: "REST APIs" })).toBeVisible();
  await expect(page.locator('link[rel="icon"]')).toHaveAttribute("href", /icon\.svg/);
  expect((await page.request.get("/icon.svg")).status()).toBe(200);

  const table = page.getByRole("region", { name: "REST APIs table" }).last();
  await expect(table).toHaveAttribute("tabindex", "0");

  await page.emulateMedia({ colorScheme: "dark" });
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(bg).not.toBe("rgb(248, 250, 252)");
  const [r, g, b] = bg.match(/[\d.]+/g)!.map(Number);
  expect(r + g + b).toBeLessThan(120);
});

test("Reset demo data puts the broken demo back", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("button", { name: "Reset demo data" }).click();
  await expect(page.getByRole("form", { name: "Demo data" }).getByRole("status")).toContainText("Reset 4 demo APIs", {
    timeout: 60_000,
  });
  await page.goto(`/apis/${await demoApiId("binarygate-demo-broken")}?region=us-east-1`);
  await expect(page.getByTestId("stage-prod").getByTestId("drift-badge")).toBeVisible();
});
