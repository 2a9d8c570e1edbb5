import { CreateApiKeyCommand, CreateUsagePlanCommand, CreateUsagePlanKeyCommand } from "@aws-sdk/client-api-gateway";
import { expect, test } from "@playwright/test";
import { createProxyApi, createProxyFunction, emulatorClients } from "../test/support/proxy-api";

// A stage that requires an API key (issue 16, protected stages), previewed in Chromium against the production
// build: anonymous → the stage's 403; with an x-api-key header typed into the masked field → 200. The secret
// goes in a POST's body to the dashboard, never in a URL or the browser's storage.

const REGION = "us-east-1";
const EMULATOR_URL = `http://127.0.0.1:${process.env.E2E_EMULATOR_PORT ?? 4610}`;
const SECRET = `e2e-key-${Date.now().toString(36)}-0123456789`;
// The function says whether the key reached it, without echoing the secret into the page.
const HANDLER = `exports.handler = async (event) => ({
  statusCode: 200,
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify({ keyReachedLambda: (event.headers || {})["x-api-key"] === ${JSON.stringify(SECRET)} }),
});`;

let apiId = "";

test.beforeAll(async () => {
  const c = emulatorClients(EMULATOR_URL, REGION);
  const name = `e2e-protected-${Date.now().toString(36)}`;
  const functionArn = await createProxyFunction(c, name, { "index.js": HANDLER });
  apiId = await createProxyApi(c, name, [], [{ path: "/secret", functionArn, apiKeyRequired: true }]);
  const key = await c.apigw.send(new CreateApiKeyCommand({ name, enabled: true, value: SECRET }));
  const plan = await c.apigw.send(new CreateUsagePlanCommand({ name, apiStages: [{ apiId, stage: "prod" }] }));
  await c.apigw.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id!, keyId: key.id!, keyType: "API_KEY" }));
  c.destroy();
});

test("an API key typed into the preview reaches the stage; the secret stays out of URLs and storage", async ({
  page,
}) => {
  const previewCalls: { method: string; url: string; body: string | null }[] = [];
  page.on("request", (req) => {
    if (req.url().includes("/api/preview") && !req.url().includes("echo-accept")) {
      previewCalls.push({ method: req.method(), url: req.url(), body: req.postData() });
    }
  });
  await page.goto(`/apis/${apiId}?region=${REGION}`);
  const panel = page.getByRole("region", { name: "Preview", exact: true });
  // Auto-run on the emulator target: the anonymous preview gets the stage's 403.
  await expect(panel.getByTestId("upstream-status")).toHaveText("403");

  await panel.getByText("Protected stage: headers, signing, body").click();
  await panel.getByRole("button", { name: "Add header" }).click();
  await panel.getByLabel("Header 1 name").fill("x-api-key");
  const value = panel.getByLabel("Header 1 value");
  await value.fill(SECRET);
  await expect(value).toHaveAttribute("type", "password"); // masked
  await panel.getByRole("button", { name: "Preview", exact: true }).click();
  await expect(panel.getByTestId("upstream-status")).toHaveText("200");
  await expect(panel.getByTestId("preview-response")).toContainText(/"keyReachedLambda": ?true/);

  const withKey = previewCalls.filter((c) => c.body?.includes(SECRET));
  expect(withKey.length).toBe(1);
  expect(withKey[0].method).toBe("POST");
  for (const c of previewCalls) expect(c.url).not.toContain(SECRET);
  expect(page.url()).not.toContain(SECRET);
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  expect(stored).not.toContain(SECRET);
  await page.screenshot({ path: "test-results/screenshots/preview-protected.png", fullPage: true });

  // A reload forgets it: the next preview is anonymous again.
  await page.reload();
  await expect(panel.getByTestId("upstream-status")).toHaveText("403");
});
