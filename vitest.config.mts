import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

export default defineConfig({
  resolve: {
    tsconfigPaths: true,
    // `server-only` throws outside a React Server Components bundle; tests import lib/aws directly.
    alias: { "server-only": fileURLToPath(new URL("./test/support/server-only.ts", import.meta.url)) },
  },
  test: {
    include: ["lib/**/*.test.ts", "test/**/*.test.ts", "test/**/*.test.tsx"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
