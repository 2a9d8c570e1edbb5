import { defineConfig, devices } from "@playwright/test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { emulatorArgs, emulatorEnv } from "./scripts/emulator-env";

// e2e runs the production build (`next build` first) in Debian's Chromium (docs/development.md G4), against a
// freshly seeded emulator in a throw-away state directory. Ports and build dir are overridable so that two
// runs can share a machine: E2E_PORT, E2E_EMULATOR_PORT, BINARYGATE_DIST_DIR.
const PORT = Number(process.env.E2E_PORT ?? 3100);
const EMULATOR_PORT = Number(process.env.E2E_EMULATOR_PORT ?? 4610);
const executablePath = process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH ?? "/usr/bin/chromium";
const stateDir = process.env.E2E_STATE_DIR ?? mkdtempSync(join(tmpdir(), "binarygate-e2e-"));
process.env.E2E_STATE_DIR = stateDir; // the config is evaluated again in each worker: keep one dir
export const EMULATOR_URL = `http://127.0.0.1:${EMULATOR_PORT}`;

export default defineConfig({
  testDir: "./e2e",
  outputDir: "test-results/e2e",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  workers: 1,
  retries: 0,
  forbidOnly: true,
  reporter: [["list"]],
  use: { baseURL: `http://127.0.0.1:${PORT}`, trace: "off", screenshot: "only-on-failure" },
  projects: [
    {
      name: "debian-chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath,
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
          ],
        },
      },
    },
  ],
  webServer: [
    {
      command: [
        "node",
        ...emulatorArgs(["--port", `${EMULATOR_PORT}`, "--state-dir", stateDir, "--reset", "--seed"]),
      ].join(" "),
      url: `${EMULATOR_URL}/_binarygate/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      // Playwright spreads this over process.env: the user's AWS_* credentials are blanked (docs/security.md promise
      // 15).
      env: {
        ...(emulatorEnv(process.env) as Record<string, string>),
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      },
    },
    {
      command: `node node_modules/next/dist/bin/next start -p ${PORT} -H 127.0.0.1`,
      url: `http://127.0.0.1:${PORT}/api/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: {
        NEXT_TELEMETRY_DISABLED: "1",
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
        BINARYGATE_EMULATOR_URL: EMULATOR_URL,
        ...(process.env.BINARYGATE_DIST_DIR ? { BINARYGATE_DIST_DIR: process.env.BINARYGATE_DIST_DIR } : {}),
      },
    },
  ],
});
