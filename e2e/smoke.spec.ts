import { expect, test } from "@playwright/test";

test("the shell page shows the target in its header", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByTestId("target")).toContainText("Local emulator · us-east-1");
  await expect(page.getByRole("link", { name: "BinaryGate", exact: true })).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/shell.png", fullPage: true });
});
