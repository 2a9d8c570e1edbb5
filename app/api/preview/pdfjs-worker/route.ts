import { readFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * Serves pdf.js's worker from the installed pdfjs-dist, so the worker always matches the library version
 * the page bundles (a copied file would go stale on upgrade and pdf.js refuses mismatched versions).
 */
export const dynamic = "force-static";

let cached: Buffer | undefined;

/** The pdf.js worker module. */
export async function GET() {
  cached ??= await readFile(join(process.cwd(), "node_modules/pdfjs-dist/build/pdf.worker.min.mjs"));
  return new Response(new Uint8Array(cached), {
    headers: {
      "content-type": "text/javascript; charset=utf-8",
      "cache-control": "public, max-age=3600",
      "x-content-type-options": "nosniff",
    },
  });
}
