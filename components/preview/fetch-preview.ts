"use client";

/** What the page knows about one preview: the stage's answer as the dashboard's route relayed it. */
export interface PreviewResult {
  status: number;
  headers: [string, string][];
  bytes: Uint8Array;
  /** Time to the stage's headers, measured by the server. */
  upstreamMs: number;
  /** Whole round trip as the page saw it. */
  totalMs: number;
  acceptSent: string;
  method: string;
  invokeUrl: string;
  routePath: string;
  deployedBinaryMediaTypes: string[];
  currentBinaryMediaTypes: string[];
}

export interface PreviewQuery {
  region: string;
  apiId: string;
  stage: string;
  path: string;
  method: string;
  accept: string;
}

export type PreviewFetch = { ok: true; result: PreviewResult } | { ok: false; status: number; message: string };

const MAX = 10 * 1024 * 1024;

function json<T>(value: string | null, fallback: T): T {
  if (!value) return fallback;
  try {
    return JSON.parse(value) as T;
  } catch {
    return fallback;
  }
}

/** Calls /api/preview (ids only) and reads the streamed bytes, counting them. */
export async function fetchPreview(q: PreviewQuery, signal?: AbortSignal): Promise<PreviewFetch> {
  const started = performance.now();
  const params = new URLSearchParams({ ...q });
  let res: Response;
  try {
    res = await fetch(`/api/preview?${params}`, { cache: "no-store", signal });
  } catch {
    return { ok: false, status: 0, message: "The dashboard could not be reached" };
  }
  const upstreamStatus = res.headers.get("x-binarygate-upstream-status");
  if (!upstreamStatus) {
    const body = (await res.json().catch(() => null)) as { message?: string; fieldErrors?: Record<string, string> } | null;
    const fields = body?.fieldErrors ? Object.entries(body.fieldErrors).map(([k, v]) => `${k}: ${v}`).join("; ") : "";
    return { ok: false, status: res.status, message: [body?.message ?? `HTTP ${res.status}`, fields].filter(Boolean).join(" — ") };
  }
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
    const elapsed = performance.now() - started;
    // The server errors the stream at its 10 MB / 30 s caps; the page can only see a broken stream.
    // The server stops just before the chunk that would cross 10 MB, so "close to 10 MB" means the cap.
    const message =
      received >= MAX - 512 * 1024 ? "response larger than 10 MB" : elapsed >= 29_000 ? "no response within 30 s" : "the stage's response was interrupted";
    return { ok: false, status: 502, message };
  }
  const bytes = new Uint8Array(received);
  let off = 0;
  for (const c of chunks) {
    bytes.set(c, off);
    off += c.byteLength;
  }
  return {
    ok: true,
    result: {
      status: Number(upstreamStatus),
      headers: json<[string, string][]>(res.headers.get("x-binarygate-upstream-headers"), []),
      bytes,
      upstreamMs: Number(res.headers.get("x-binarygate-elapsed-ms") ?? 0),
      totalMs: Math.round(performance.now() - started),
      acceptSent: res.headers.get("x-binarygate-accept-sent") ?? q.accept,
      method: res.headers.get("x-binarygate-method") ?? q.method,
      invokeUrl: json(res.headers.get("x-binarygate-invoke-url"), ""),
      routePath: json(res.headers.get("x-binarygate-route"), ""),
      deployedBinaryMediaTypes: json(res.headers.get("x-binarygate-deployed-types"), []),
      currentBinaryMediaTypes: json(res.headers.get("x-binarygate-current-types"), []),
    },
  };
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
  let name = safeDecode(m ? m[1] : (path.split("/").filter(Boolean).pop() ?? "response"));
  name = name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, "_").slice(0, 120) || "response";
  if (extension && !name.toLowerCase().endsWith(`.${extension}`)) name = `${name}.${extension}`;
  return name;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
