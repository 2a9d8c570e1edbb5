import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { demoApiId } from "./support/apis";

// axe-core on every page state at 1280 and 390 px, light and dark: zero violations of any impact. A state
// is a name and how to reach it from a fresh page; add new states (preview results, matrix, PDF, hex) to
// STATES and they run at every width and scheme.

interface PageState {
  name: string;
  open: (page: Page) => Promise<void>;
}

async function apiPage(page: Page, demo: string): Promise<void> {
  await page.goto(`/apis/${await demoApiId(demo)}?region=us-east-1`);
  // Streamed panels: wait until each has replaced its skeleton.
  await expect(page.getByTestId("stage-prod")).toBeVisible();
  await expect(page.getByTestId("deployment-history")).toBeVisible();
  await expect(
    page.getByRole("region", { name: "Preview", exact: true }).getByRole("button", { name: "Preview", exact: true }),
  ).toBeVisible();
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
}

const STATES: PageState[] = [
  { name: "API list", open: async (page) => void (await page.goto("/")) },
  { name: "API page (drift)", open: (page) => apiPage(page, "binarygate-demo-broken") },
  { name: "API page (several types)", open: (page) => apiPage(page, "binarygate-demo-images") },
  { name: "not found", open: async (page) => void (await page.goto("/apis/doesnotexist")) },
  { name: "unknown region", open: async (page) => void (await page.goto("/?region=nowhere-1")) },
  {
    name: "validation error",
    open: async (page) => {
      await apiPage(page, "binarygate-demo-json");
      await page.getByRole("textbox", { name: "Media type" }).fill("image png");
      await page.getByRole("button", { name: "Add", exact: true }).click();
      await expect(page.getByRole("textbox", { name: "Media type" })).toHaveAttribute("aria-invalid", "true");
    },
  },
  {
    name: "confirmation before */*",
    open: async (page) => {
      await apiPage(page, "binarygate-demo-json");
      await page.getByRole("button", { name: "Use preset */*" }).click();
      await page.getByRole("button", { name: "Add", exact: true }).click();
      await expect(page.getByRole("button", { name: "Add */* anyway" })).toBeVisible();
    },
  },
];

const WIDTHS = [1280, 390] as const;
const SCHEMES = ["light", "dark"] as const;

for (const width of WIDTHS) {
  for (const scheme of SCHEMES) {
    test.describe(`${width} px, ${scheme}`, () => {
      test.use({ viewport: { width, height: width === 390 ? 844 : 800 }, colorScheme: scheme });
      for (const state of STATES) {
        test(`axe: ${state.name}`, async ({ page }) => {
          await state.open(page);
          const results = await new AxeBuilder({ page }).analyze();
          const found = results.violations.map((v) => ({
            rule: v.id,
            impact: v.impact,
            help: v.help,
            nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(" ")} :: ${n.failureSummary?.split("\n")[1] ?? ""}`),
          }));
          expect(found).toEqual([]);
        });
      }
    });
  }
}
