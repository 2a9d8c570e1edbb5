import { expect, test } from "@playwright/test";
import { demoApiId } from "./support/apis";

// The README's screenshots: the list and the broken demo's API page at 1280 and 390 px, light and dark.
// Written to test-results/screenshots/; with UPDATE_SCREENSHOTS=1, to docs/screenshots/ (then look at each).
const dir = process.env.UPDATE_SCREENSHOTS === "1" ? "docs/screenshots" : "test-results/screenshots";

for (const width of [1280, 390] as const) {
  for (const scheme of ["light", "dark"] as const) {
    test.describe(`${width} px ${scheme}`, () => {
      test.use({ viewport: { width, height: width === 390 ? 844 : 800 }, colorScheme: scheme, deviceScaleFactor: 1 });

      test("list and API page", async ({ page }) => {
        await page.goto("/?region=us-east-1&q=binarygate-demo");
        await expect(page.getByTestId("api-count")).toBeVisible();
        await page.screenshot({ path: `${dir}/list-${width}-${scheme}.png`, fullPage: width === 390 });
        await page.goto(`/apis/${await demoApiId("binarygate-demo-broken")}?region=us-east-1`);
        await expect(page.getByTestId("stage-prod")).toBeVisible();
        await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
        await page.screenshot({ path: `${dir}/api-${width}-${scheme}.png`, fullPage: true });
      });
    });
  }
}
