"use client";

import { safeDecodeURIComponent } from "@/lib/binary";
import { type PreviewMeta, decodePreviewMeta, streamFailureMessage } from "@/lib/preview/protocol";

/** What the page asks for: ids, a filled path, a method and the Accept ("" sends none). */
export interface PreviewQuery {
  region: string;
  apiId: string;
  stage: string;
  path: string;
  method: string;
  accept: string;
  /** A protected stage's headers, body, signing: sent in a POST's body, never in the URL. */
  extras?: PreviewExtras;
}

/** What a protected stage needs beyond the Accept; held by the page only (see request-extras.tsx). */
export interface PreviewExtras {
  headers: { name: string; value: string }[];
  body?: string;
  sign: boolean;
}

const hasExtras = (e: PreviewExtras | undefined): e is PreviewExtras =>
  e !== undefined && (e.headers.length > 0 || e.body !== undefined || e.sign);

/** GET with ids in the query; a POST of JSON when headers, a body or signing go along (kept out of URLs). */
function send(query: PreviewQuery, signal?: AbortSignal): Promise<Response> {
  const { extras, ...ids } = query;
  if (!hasExtras(extras)) return fetch(`/api/preview?${new URLSearchParams(ids)}`, { cache: "no-store", signal });
  return fetch("/api/preview", {
    method: "POST",
    cache: "no-store",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ...ids, ...extras }),
    signal,
  });
}

/** One preview as the page knows it: the query it ran, the stage's answer relayed by the route, the bytes. */
export interface PreviewResult extends PreviewMeta {
  query: PreviewQuery;
  bytes: Uint8Array;
  /** Whole round trip as the page saw it. */
  totalMs: number;
}

export type PreviewFetch = { ok: true; result: PreviewResult } | { ok: false; status: number; message: string };

/** Calls /api/preview (ids, never a URL) and reads the streamed bytes, counting them. */
export async function fetchPreview(query: PreviewQuery, signal?: AbortSignal): Promise<PreviewFetch> {
  const started = performance.now();
  let res: Response;
  try {
    res = await send(query, signal);
  } catch {
    return { ok: false, status: 0, message: "The dashboard could not be reached" };
  }
  const meta = decodePreviewMeta((n) => res.headers.get(n));
  if (!meta) return { ok: false, status: res.status, message: await errorMessage(res) };
  const chunks: Uint8Array[] = [];
  let received = 0;
  const reader = res.body?.getReader();
  try {
    while (reader) {
      const { value, done } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.byteLength;
    }
  } catch {
    if (signal?.aborted) return { ok: false, status: 0, message: "Cancelled" };
    return { ok: false, status: 502, message: streamFailureMessage(received, performance.now() - started) };
  }
  const bytes = chunks.length === 1 ? chunks[0] : join(chunks, received);
  return { ok: true, result: { ...meta, query, bytes, totalMs: Math.round(performance.now() - started) } };
}

function join(chunks: Uint8Array[], total: number): Uint8Array {
  const bytes = new Uint8Array(total);
  let off = 0;
  for (const c of chunks) {
    bytes.set(c, off);
    off += c.byteLength;
  }
  return bytes;
}

async function errorMessage(res: Response): Promise<string> {
  const body = (await res.json().catch(() => null)) as {
    message?: string;
    fieldErrors?: Record<string, string>;
  } | null;
  const fields = body?.fieldErrors
    ? Object.entries(body.fieldErrors)
        .map(([k, v]) => `${k}: ${v}`)
        .join("; ")
    : "";
  return [body?.message ?? `HTTP ${res.status}`, fields].filter(Boolean).join(" — ");
}

/** A response header's value (first occurrence, case-insensitive). */
export function headerValue(headers: [string, string][], name: string): string | null {
  const n = name.toLowerCase();
  return headers.find(([k]) => k.toLowerCase() === n)?.[1] ?? null;
}

/** The file name for a download: Content-Disposition's filename, else the path's last segment + extension. */
export function downloadName(headers: [string, string][], path: string, extension: string | null): string {
  const cd = headerValue(headers, "content-disposition");
  const m = cd && /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(cd);
  let name = safeDecodeURIComponent(m ? m[1] : (path.split("/").filter(Boolean).pop() ?? "response"));
  name = name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, "_").slice(0, 120) || "response";
  if (extension && !name.toLowerCase().endsWith(`.${extension}`)) name = `${name}.${extension}`;
  return name;
}
