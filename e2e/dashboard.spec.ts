import { expect, test } from "@playwright/test";
import {
  APIGatewayClient,
  CreateDeploymentCommand,
  CreateRestApiCommand,
  GetResourcesCommand,
  PutIntegrationCommand,
  PutMethodCommand,
} from "@aws-sdk/client-api-gateway";

// The dashboard in Debian's Chromium against the production build and a fresh emulator (playwright.config).
// Each test builds its own data through the SDK (unique names), independent of the demo seed.

const EMULATOR_URL = `http://127.0.0.1:${process.env.E2E_EMULATOR_PORT ?? 4610}`;
const creds = { accessKeyId: "test", secretAccessKey: "test" };
const shot = (name: string) => `test-results/screenshots/dashboard-${name}.png`;

async function createApiWithStage(region: string, name: string, binaryMediaTypes: string[]): Promise<string> {
  const sdk = new APIGatewayClient({ region, endpoint: EMULATOR_URL, credentials: creds });
  const api = await sdk.send(new CreateRestApiCommand({ name, description: "e2e dashboard", binaryMediaTypes }));
  const restApiId = api.id!;
  const root = (await sdk.send(new GetResourcesCommand({ restApiId }))).items!.find((r) => r.path === "/")!;
  await sdk.send(
    new PutMethodCommand({ restApiId, resourceId: root.id!, httpMethod: "GET", authorizationType: "NONE" }),
  );
  await sdk.send(
    new PutIntegrationCommand({
      restApiId,
      resourceId: root.id!,
      httpMethod: "GET",
      type: "MOCK",
      requestTemplates: { "application/json": '{"statusCode":200}' },
    }),
  );
  await sdk.send(new CreateDeploymentCommand({ restApiId, stageName: "prod", description: "first deployment" }));
  sdk.destroy();
  return restApiId;
}

async function getRestApisCalls(): Promise<number> {
  const res = await fetch(`${EMULATOR_URL}/_binarygate/metrics`);
  const body = (await res.json()) as { calls: Record<string, Record<string, number>> };
  return body.calls.apigateway?.GetRestApis ?? 0;
}

test("browse to an API, add a type, see drift, redeploy, remove a type, read a validation error", async ({
  page,
  context,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const name = `e2e-dash-${Date.now().toString(36)}`;
  const apiId = await createApiWithStage("us-east-1", name, ["application/pdf"]);

  await page.goto("/");
  await page.getByRole("searchbox", { name: "Search by name or id" }).fill(name);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(new RegExp(`q=${name}`));
  await expect(page.getByTestId("api-count")).toHaveText(/^1 of \d+ REST APIs in us-east-1/);
  await page.screenshot({ path: shot("list"), fullPage: true });
  await page.getByRole("link", { name }).click();

  await expect(page).toHaveURL(new RegExp(`/apis/${apiId}\\?region=us-east-1`));
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByTestId("target")).toContainText("Local emulator · us-east-1");
  await expect(page.getByTestId("target")).toContainText("account 000000000000");
  const stage = page.getByTestId("stage-prod");
  await expect(stage.getByTestId("in-sync-badge")).toBeVisible();
  await expect(stage.getByTestId("invoke-url")).toHaveText(
    new RegExp(`^http://${apiId}\\.execute-api\\.localhost:\\d+/prod/$`),
  );
  const invokeUrl = await stage.getByTestId("invoke-url").textContent();
  await stage.getByRole("button", { name: /^Copy URL: / }).click();
  await expect(stage.getByRole("button", { name: /^Copy URL: / })).toHaveText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(invokeUrl);

  // The */* preset explains its side effect before anything is changed (docs/aws-binary-rules.md §0 rule 2).
  await page.getByRole("button", { name: "Use preset */*" }).click();
  await expect(page.locator("#media-type-hint")).toContainText(
    "every request body (JSON included) then reaches the Lambda base64-encoded",
  );

  // Add image/png through a preset.
  await page.getByRole("button", { name: "Use preset image/png" }).click();
  await expect(page.getByRole("textbox", { name: "Media type" })).toHaveValue("image/png");
  await expect(page.getByTestId("cli-command").first()).toHaveText(
    `AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test aws apigateway update-rest-api --rest-api-id ${apiId} ` +
      `--patch-operations op=add,path=/binaryMediaTypes/image~1png --region us-east-1 --endpoint-url ${EMULATOR_URL}`,
  );
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Added image/png" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Binary media types" }).getByText("image/png")).toBeVisible();
  await expect(stage.getByTestId("drift-badge")).toHaveText("DRIFT · Redeploy to apply");
  await expect(stage.getByRole("list", { name: "Drift of prod" })).toContainText("+ image/png");
  await page.screenshot({ path: shot("drift"), fullPage: true });

  // Redeploy: the drift clears and the new deployment is the stage's.
  const oldDeployment = await stage.getByTestId("stage-deployment").textContent();
  await stage.getByRole("button", { name: "Redeploy prod" }).click();
  await expect(stage.getByRole("status")).toContainText(/Deployed \w+ to prod\./);
  await expect(stage.getByTestId("in-sync-badge")).toBeVisible();
  await expect(stage.getByTestId("drift-badge")).toHaveCount(0);
  await expect(stage.getByTestId("stage-deployment")).not.toHaveText(oldDeployment ?? "");
  await expect(stage.getByTestId("stage-deployment")).toContainText("Redeployed from BinaryGate");
  await expect(page.getByTestId("deployment-history").getByRole("row")).toHaveCount(3);
  await page.screenshot({ path: shot("redeployed"), fullPage: true });

  // Remove application/pdf: the stage now serves a type the API no longer has.
  // prod still serves it: the dashboard asks first (issue 16 item 7).
  await page.getByRole("button", { name: "Remove application/pdf" }).click();
  await expect(page.locator("#media-type-status")).toContainText("Stage prod still serves application/pdf");
  await page
    .getByRole("form", { name: "Confirm the change" })
    .getByRole("button", { name: "Remove application/pdf" })
    .click();
  await expect(page.getByRole("button", { name: "Remove application/pdf" })).toHaveCount(0);
  await expect(stage.getByRole("list", { name: "Drift of prod" })).toContainText("− application/pdf");

  // An invalid type: the error is shown and the input keeps what was typed (docs/development.md G10).
  const input = page.getByRole("textbox", { name: "Media type" });
  await input.fill("image png");
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await expect(input).toHaveAttribute("aria-invalid", "true");
  const status = page.locator("#media-type-status");
  await expect(status).not.toBeEmpty();
  await expect(status).toHaveClass(/text-red-700/);
  await expect(input).toHaveValue("image png");
  await page.screenshot({ path: shot("invalid"), fullPage: true });
});

test("600 REST APIs list with at most 2 GetRestApis calls, paged through the URL", async ({ page }) => {
  test.setTimeout(180_000);
  const region = "eu-west-1";
  const sdk = new APIGatewayClient({ region, endpoint: EMULATOR_URL, credentials: creds });
  const prefix = `bulk-${Date.now().toString(36)}`;
  // CreateRestApi has no quota in the emulator; 8 at a time keeps the 2-core machine responsive.
  for (let i = 0; i < 600; i += 8) {
    await Promise.all(
      Array.from({ length: Math.min(8, 600 - i) }, (_, j) =>
        sdk.send(new CreateRestApiCommand({ name: `${prefix}-${String(i + j).padStart(3, "0")}` })),
      ),
    );
  }
  sdk.destroy();

  const before = await getRestApisCalls();
  await page.goto(`/?region=${region}`);
  await expect(page.getByTestId("api-count")).toHaveText(`600 of 600 REST APIs in ${region} · page 1 of 24`);
  await expect(page.getByTestId("target")).toContainText(`· ${region}`);
  // 600 APIs at page size 500: exactly two GetRestApis calls, none per API (docs/architecture.md budget).
  expect((await getRestApisCalls()) - before).toBe(2);
  await expect(page.getByRole("row").nth(1).getByRole("link")).toHaveText(`${prefix}-000`);
  await page.screenshot({ path: shot("600"), fullPage: false });

  await page.getByRole("link", { name: "Next" }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.getByTestId("api-count")).toHaveText(`600 of 600 REST APIs in ${region} · page 2 of 24`);
  await expect(page.getByRole("row").nth(1).getByRole("link")).toHaveText(`${prefix}-025`);

  await page.goto(`/?region=${region}&q=${prefix}-59`);
  await expect(page.getByTestId("api-count")).toHaveText(`10 of 600 REST APIs in ${region}`);
});

test("an unknown region in the URL is refused with a clear message", async ({ page }) => {
  await page.goto("/?region=evil.example");
  await expect(page.getByRole("heading", { level: 1, name: "Unknown region" })).toBeVisible();
  await expect(page.locator("[data-failure=invalid]")).toContainText("The region in the URL is not an AWS region");
});
