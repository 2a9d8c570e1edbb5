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

/** The demo API with PNG, PDF and WAV resources: run one preview in its Preview panel. */
async function preview(page: Page, resource: string, preset: string): Promise<void> {
  await apiPage(page, "binarygate-demo-images");
  const panel = page.getByRole("region", { name: "Preview", exact: true });
  await panel.getByLabel("Resource (deployed)").selectOption(resource);
  await panel.getByLabel("Client (Accept preset)").selectOption({ label: preset });
  await panel.getByRole("button", { name: "Preview", exact: true }).click();
  await expect(panel.getByRole("region", { name: "Verdict" })).toHaveAttribute("data-kind", "binary");
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
      await apiPage(page, "binarygate-demo-broken");
      await page.getByRole("button", { name: "Use preset */*" }).click();
      await page.getByRole("button", { name: "Add", exact: true }).click();
      await expect(page.getByRole("button", { name: "Add */* anyway" })).toBeVisible();
    },
  },
  {
    // The emulator target runs the preview when the page opens: the broken verdict with both image views.
    name: "after a preview (broken verdict)",
    open: async (page) => {
      await apiPage(page, "binarygate-demo-broken");
      const panel = page.getByRole("region", { name: "Preview", exact: true });
      await expect(panel.getByRole("region", { name: "Verdict" })).toBeVisible();
      await expect(panel.getByRole("region", { name: "What the client got" })).toBeVisible();
    },
  },
  {
    name: "protected stage fields",
    open: async (page) => {
      await apiPage(page, "binarygate-demo-json");
      const panel = page.getByRole("region", { name: "Preview", exact: true });
      await panel.getByText("Protected stage: headers, signing, body").click();
      await panel.getByRole("button", { name: "Add header" }).click();
      await panel.getByLabel("Header 1 name").fill("x-api-key");
      await panel.getByLabel("Header 1 value").fill("not-a-real-key-0123456789");
      await expect(panel.getByLabel("Header 1 value")).toHaveAttribute("type", "password");
    },
  },
  {
    name: "client matrix",
    open: async (page) => {
      await apiPage(page, "binarygate-demo-images");
      const panel = page.getByRole("region", { name: "Preview", exact: true });
      await panel.getByLabel("Resource (deployed)").selectOption("/image");
      const matrix = panel.getByTestId("client-matrix");
      await matrix.getByRole("button", { name: "Run for every client" }).click();
      await expect(matrix.getByRole("button", { name: "Run again" })).toBeVisible({ timeout: 30_000 });
    },
  },
  {
    name: "PDF",
    open: async (page) => {
      await preview(page, "/report", "Accept: application/pdf");
      await expect(page.getByTestId("pdf-view")).toHaveAttribute("data-rendered", "true");
      // The page image scrolls inside a named box that a keyboard reaches.
      await expect(page.getByRole("region", { name: /^PDF page 1/ })).toHaveAttribute("tabindex", "0");
    },
  },
  {
    name: "hex view",
    open: async (page) => {
      await preview(page, "/image", "Accept: image/png");
      await page.getByRole("button", { name: "Hex" }).click();
      const hex = page.getByRole("region", { name: "Hex view of the response body" });
      await expect(hex).toContainText("00000000  89 50 4e 47");
      await expect(hex).toHaveAttribute("tabindex", "0");
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
