/**
 * lib/binary as one plain CommonJS file for Node workers: built with esbuild (tsx's own dependency) on first
 * use into a cache directory, named by the hash of lib/binary's sources and esbuild's version, so a source
 * change gets a fresh bundle and nothing built is ever committed. A worker then loads lib/binary in a few
 * milliseconds instead of compiling TypeScript when it starts.
 */
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

interface Esbuild {
  buildSync(options: Record<string, unknown>): unknown;
}

/** Requires from esbuild's package as tsx resolves it (a direct dependency of tsx, so present wherever tsx is). */
function esbuildRequire(root: string): NodeJS.Require {
  const fromRoot = createRequire(path.join(root, "package.json"));
  return createRequire(fromRoot.resolve("tsx/package.json"));
}

/** sha256 of lib/binary's non-test sources (names and contents) and the bundler's version. */
export function binarySourceHash(binaryDir: string, bundlerVersion: string): string {
  const h = createHash("sha256").update(`esbuild ${bundlerVersion}\n`);
  const files = readdirSync(binaryDir)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
    .sort();
  for (const f of files)
    h.update(`${f}\n`)
      .update(readFileSync(path.join(binaryDir, f)))
      .update("\n");
  return h.digest("hex").slice(0, 16);
}

const built = new Map<string, string | null>();

/**
 * The path of lib/binary's bundle for the repository at `root`, building it when the cache has none for the
 * current sources; null when it cannot be built (workers then leave the conversion to the emulator).
 */
export function binaryBundle(
  root: string,
  cacheDir = path.join(root, "node_modules", ".cache", "binarygate"),
): string | null {
  const key = `${root}\u0000${cacheDir}`;
  const known = built.get(key);
  if (known !== undefined && (known === null || existsSync(known))) return known;
  let result: string | null = null;
  try {
    const binaryDir = path.join(root, "lib", "binary");
    const req = esbuildRequire(root);
    // Its version from package.json: a cache hit never loads the bundler itself.
    const { version } = req("esbuild/package.json") as { version: string };
    const file = path.join(cacheDir, `lib-binary-${binarySourceHash(binaryDir, version)}.cjs`);
    if (!existsSync(file)) {
      const esbuild = req("esbuild") as Esbuild;
      mkdirSync(cacheDir, { recursive: true });
      // Built under a unique name and renamed: a concurrent emulator never loads a half-written bundle.
      const tmp = `${file}.${randomBytes(6).toString("hex")}.tmp`;
      try {
        esbuild.buildSync({
          entryPoints: [path.join(binaryDir, "index.ts")],
          bundle: true,
          platform: "node",
          format: "cjs",
          target: "node20",
          outfile: tmp,
          logLevel: "silent",
        });
        renameSync(tmp, file);
      } finally {
        rmSync(tmp, { force: true });
      }
    }
    result = file;
  } catch {
    result = null;
  }
  built.set(key, result);
  return result;
}
