/**
 * The one answer to "is the production build older than its sources?", used by `npm start` (build before
 * serving) and by the HTTP-level tests (build before `next start`). Test files never make a build stale.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** What the production build is made of: these folders and files, relative to the project root. */
export const BUILD_SOURCES = [
  "app",
  "components",
  "lib",
  "public",
  "proxy.ts",
  "next.config.ts",
  "postcss.config.mjs",
  "package-lock.json",
];

const TEST_FILE = /\.test\.tsx?$/;

/** Newest modification time (ms) under a file or folder, skipping node_modules, dot-entries and tests. */
export function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return TEST_FILE.test(path) ? 0 : st.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    newest = Math.max(newest, newestMtime(join(path, entry.name)));
  }
  return newest;
}

/** True when `<root>/<distDir>/BUILD_ID` is missing or older than any build source. */
export function isBuildStale(root: string, distDir: string): boolean {
  const buildId = join(root, distDir, "BUILD_ID");
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  return BUILD_SOURCES.some((source) => newestMtime(join(root, source)) > built);
}
