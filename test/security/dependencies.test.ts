/**
 * docs/security.md promise 12: the installed `next`, `react` and `react-dom` are at or above the patched
 * release of every advisory listed here, and production serves the build (never the dev server), bound
 * to an explicit host. Add a row when a new advisory is published.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");

/** Advisories with the first patched release of the line this project uses (Next 16, React 19). */
const ADVISORIES: { id: string; pkg: string; patched: string; what: string }[] = [
  { id: "CVE-2025-29927", pkg: "next", patched: "15.2.3", what: "middleware bypass via x-middleware-subrequest" },
  { id: "CVE-2025-66478", pkg: "next", patched: "16.0.7", what: "React Server Components remote code execution" },
  { id: "CVE-2025-55184", pkg: "next", patched: "16.0.10", what: "Server Components denial of service" },
  { id: "CVE-2025-55183", pkg: "next", patched: "16.0.10", what: "Server Functions source code exposure" },
  { id: "CVE-2025-67779", pkg: "next", patched: "16.0.10", what: "denial of service (incomplete fix)" },
  { id: "CVE-2025-55182", pkg: "react", patched: "19.2.3", what: "the React line carrying the RSC fixes" },
  { id: "CVE-2025-55182", pkg: "react-dom", patched: "19.2.3", what: "the React line carrying the RSC fixes" },
];

function installed(pkg: string): string {
  return JSON.parse(readFileSync(join(root, "node_modules", pkg, "package.json"), "utf8")).version;
}

/** Compares dotted numeric versions (pre-release suffixes ignored). */
function atLeast(version: string, min: string): boolean {
  const a = version.split("-")[0].split(".").map(Number);
  const b = min.split(".").map(Number);
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
}

describe("dependencies patched (docs/security.md promise 12)", () => {
  it.each(ADVISORIES)("$pkg is at or above $patched ($id: $what)", ({ pkg, patched }) => {
    expect(atLeast(installed(pkg), patched), `${pkg}@${installed(pkg)}`).toBe(true);
  });

  it("the version check itself can fail", () => {
    expect(atLeast("16.0.6", "16.0.7")).toBe(false);
    expect(atLeast("19.2.10", "19.2.3")).toBe(true);
  });

  it("package.json pins exact versions of next and react", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    for (const name of ["next", "react", "react-dom"]) expect(pkg.dependencies[name]).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("production serves the build on an explicit host; only --dev runs Next's dev server", () => {
    const serve = readFileSync(join(root, "scripts", "serve-dashboard.ts"), "utf8");
    expect(serve).toMatch(/next\(\{\s*dev: opts\.dev/);
    expect(serve).toMatch(/const dev = process\.argv\.includes\("--dev"\)/);
    expect(serve).toMatch(/listen\(opts\.port, opts\.host/);
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    expect(pkg.scripts.start).not.toMatch(/--dev|next dev/);
    expect(pkg.scripts.dashboard).not.toMatch(/--dev|next dev/);
  });
});
