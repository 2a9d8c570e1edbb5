import { guardPreviewRequest } from "../../guard";

/**
 * The "This browser" Accept preset, captured live rather than guessed from the user agent (docs/aws-binary-rules.md §1.5, §10):
 * the page loads `page?nonce=…` in a hidden frame (a navigation) and `image?nonce=…` as an <img>; each
 * records the Accept header the browser really sent under the client's random nonce; `result?nonce=…`
 * reads both back. Entries live in memory for 10 minutes, at most 500 of them.
 */
export const dynamic = "force-dynamic";

const TTL_MS = 10 * 60_000;
const MAX_ENTRIES = 500;
const NONCE = /^[A-Za-z0-9_-]{16,64}$/;

type Entry = { page: string | null; image: string | null; at: number };
const store: Map<string, Entry> = ((
  globalThis as { __binarygateEchoAccept?: Map<string, Entry> }
).__binarygateEchoAccept ??= new Map());

// 1×1 transparent PNG (68 bytes): the <img> must load, or the browser reports an error instead of rendering.
const PIXEL = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mP8/wIAAgkBAyMAlYwAAAAASUVORK5CYII=",
  "base64",
);

const noStore = { "cache-control": "no-store", "x-content-type-options": "nosniff" };

function record(nonce: string, kind: "page" | "image", accept: string) {
  const now = Date.now();
  for (const [k, v] of store) if (now - v.at > TTL_MS) store.delete(k);
  while (store.size >= MAX_ENTRIES) store.delete(store.keys().next().value!);
  const entry = store.get(nonce) ?? { page: null, image: null, at: now };
  entry[kind] = accept.slice(0, 1024);
  entry.at = now;
  store.set(nonce, entry);
}

/** Records (page, image) or returns (result) the Accept headers for one nonce. */
export async function GET(req: Request, ctx: { params: Promise<{ kind: string }> }) {
  const refused = guardPreviewRequest(req);
  if (refused) return refused;
  const { kind } = await ctx.params;
  const nonce = new URL(req.url).searchParams.get("nonce") ?? "";
  if (!NONCE.test(nonce))
    return Response.json({ message: "nonce must be 16–64 letters, digits, - or _" }, { status: 400, headers: noStore });
  const accept = req.headers.get("accept") ?? "";
  if (kind === "page") {
    record(nonce, "page", accept);
    return new Response("<!doctype html><title>accept recorded</title>", {
      headers: {
        ...noStore,
        "content-type": "text/html; charset=utf-8",
        "content-security-policy": "sandbox; default-src 'none'",
      },
    });
  }
  if (kind === "image") {
    record(nonce, "image", accept);
    return new Response(new Uint8Array(PIXEL), { headers: { ...noStore, "content-type": "image/png" } });
  }
  if (kind === "result") {
    const entry = store.get(nonce);
    return Response.json({ page: entry?.page ?? null, image: entry?.image ?? null }, { headers: noStore });
  }
  return Response.json({ message: "unknown kind: use page, image or result" }, { status: 404, headers: noStore });
}
