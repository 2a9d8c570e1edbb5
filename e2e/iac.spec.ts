import { expect, test } from "@playwright/test";
import { demoApiId, EMULATOR_URL } from "./support/apis";

// Issue 13 end to end: owners on the list and the API page, the fleet scan and its filters, and a live fix to an
// IaC-owned broken API — warned first, the SAM snippet copied, applied live anyway, the verdict turning binary.
// The demo data is reset before and after (POST /_binarygate/reset-demo), so other specs see it as seeded.

const REGION = "us-east-1";

async function resetDemo(): Promise<void> {
  const res = await fetch(`${EMULATOR_URL}/_binarygate/reset-demo`, { method: "POST" });
  expect(res.status, await res.text()).toBe(200);
}

test.beforeAll(resetDemo);
test.afterAll(resetDemo);

test("the list shows owners; a scan finds the broken and drifted APIs; the filters narrow the list", async ({
  page,
}) => {
  await page.goto(`/?region=${REGION}`);
  const table = page.getByRole("table", { name: "REST APIs table" });
  const row = (name: string) => table.getByRole("row").filter({ has: page.getByRole("link", { name, exact: true }) });
  await expect(row("binarygate-demo-images")).toContainText("AWS SAM");
  await expect(row("binarygate-demo-json")).toContainText("Terraform");
  await expect(row("binarygate-demo-broken")).toContainText("Owner unknown");
  await expect(page.getByTestId("scan-estimate")).toContainText("calls");

  const scan = page.getByRole("region", { name: "Fleet scan" });
  await scan.getByRole("button", { name: /^(Scan|Rescan)$/ }).click();
  await expect(scan.getByTestId("scan-status")).toContainText("Scanned:", { timeout: 60_000 });
  await expect(row("binarygate-demo-broken")).toContainText("broken for browsers");
  await expect(row("binarygate-demo-broken")).toContainText("drifted");
  await expect(row("binarygate-demo-images")).toContainText("broken for browsers");
  await expect(row("binarygate-demo-python")).toContainText("ok");

  const filters = page.getByRole("navigation", { name: "Filter by status" });
  await filters.getByRole("link", { name: "Drifted" }).click();
  await expect(page).toHaveURL(/status=drifted/);
  await expect(table.getByRole("link", { name: "binarygate-demo-broken", exact: true })).toBeVisible();
  await expect(table.getByRole("link", { name: "binarygate-demo-images", exact: true })).toHaveCount(0);
  await filters.getByRole("link", { name: "Owned by AWS SAM" }).click();
  await expect(table.getByRole("link", { name: "binarygate-demo-images", exact: true })).toBeVisible();
  await expect(table.getByRole("link", { name: "binarygate-demo-broken", exact: true })).toHaveCount(0);
});

test("a live fix to a SAM-owned broken API: warning, SAM snippet copied, applied live anyway, fixed", async ({
  page,
  context,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const images = await demoApiId("binarygate-demo-images");
  await page.goto(`/apis/${images}?region=${REGION}`);
  await expect(page.getByLabel(/^Owner: AWS SAM/)).toBeVisible();

  // The add form asks first, and changes nothing until "apply live anyway".
  const input = page.getByRole("textbox", { name: "Media type" });
  await input.fill("image/gif");
  await input.press("Enter");
  await expect(page.locator("#media-type-status")).toContainText("next sam deploy");
  await expect(page.getByTestId("snippet-sam").first()).toContainText("image~1gif");
  await page.getByRole("form", { name: "Confirm the change" }).getByRole("button", { name: "Cancel" }).click();
  const chips = page.getByRole("list", { name: "Binary media types" });
  await expect(chips).not.toContainText("image/gif");
  // So does a chip's ×: the SAM snippet then carries the list without it.
  await chips.getByRole("button", { name: "Remove audio/wav" }).click();
  const confirm = page.getByRole("form", { name: "Confirm the change" });
  await expect(confirm.getByRole("button", { name: "Apply live anyway (to test)" })).toBeVisible();
  await expect(page.getByTestId("snippet-sam").first()).not.toContainText("audio~1wav");
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(chips.getByRole("button", { name: "Remove audio/wav" })).toBeVisible();

  const panel = page.getByRole("region", { name: "Preview", exact: true });
  const verdict = panel.getByRole("region", { name: "Verdict" });
  await expect(verdict).toHaveAttribute("data-kind", "base64-of-binary", { timeout: 30_000 });
  await verdict.getByRole("button", { name: "Add text/html and redeploy prod" }).click();
  const warning = verdict.getByTestId("iac-warning");
  await expect(verdict.getByRole("status")).toContainText("managed by AWS SAM");
  await expect(verdict.getByRole("status")).toContainText("will revert it");
  // Nothing changed yet: still broken.
  await expect(verdict).toHaveAttribute("data-kind", "base64-of-binary");

  const snippet = warning.getByTestId("snippet-sam");
  await expect(snippet).toContainText("BinaryMediaTypes:");
  await expect(snippet).toContainText("text~1html");
  await warning.getByRole("button", { name: "Copy the AWS SAM (template.yaml) snippet" }).click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(await snippet.textContent());
  expect(copied).toContain("Globals:");
  expect(copied).toMatch(/- "?image~1png"?/);

  await warning.getByRole("button", { name: "Apply live anyway (to test)" }).click();
  await expect(verdict).toHaveAttribute("data-kind", "binary", { timeout: 30_000 });
});
