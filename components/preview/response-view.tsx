"use client";

import { useMemo, useState } from "react";
import { contentTypeKey, sniffFormat } from "@/lib/binary";
import type { Verdict } from "@/lib/binary/verdict";
import { Button } from "@/components/ui/button";
import { downloadName, headerValue, type PreviewResult } from "./fetch-preview";
import { HexView } from "./viewers/hex-view";
import { ImageView, PlayerView } from "./viewers/media-view";
import { PdfView } from "./viewers/pdf-view";
import { TextView } from "./viewers/text-view";
import { useBlobUrl } from "./viewers/use-blob-url";

type ViewerKind = "image" | "pdf" | "audio" | "video" | "text" | "hex";

// Types a browser renders in <img>; anything else claimed image/* goes to the hex view.
const IMAGE_MIMES = new Set(["image/png", "image/jpeg", "image/gif", "image/webp", "image/avif", "image/svg+xml", "image/bmp", "image/x-icon", "image/vnd.microsoft.icon", "image/apng"]);

function viewerFor(mime: string | null): ViewerKind | null {
  if (!mime) return null;
  if (IMAGE_MIMES.has(mime)) return "image";
  if (mime === "application/pdf") return "pdf";
  if (mime.startsWith("audio/")) return "audio";
  if (mime.startsWith("video/")) return "video";
  if (mime.startsWith("text/") || mime === "application/json" || mime.endsWith("+json") || mime === "application/xml" || mime.endsWith("+xml")) return "text";
  return null;
}

const fmtBytes = (n: number) => (n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 / 1024).toFixed(2)} MiB`);

/**
 * One response: status, headers, size and time, then the bytes in the viewer chosen by magic bytes first and
 * Content-Type second (a warning when they disagree), with the hex view always one click away. For base64
 * text of a binary file, the decoded file is shown too, clearly labelled.
 */
export function ResponseView({ result, verdict, path }: { result: PreviewResult; verdict: Verdict; path: string }) {
  const decoded = verdict.kind === "base64-of-binary" ? verdict.decoded : null;
  const shownBytes = decoded ?? result.bytes;
  const ctKey = contentTypeKey(headerValue(result.headers, "content-type"));
  const sniffed = useMemo(() => sniffFormat(shownBytes), [shownBytes]);
  const mime = sniffed?.mime ?? (decoded ? null : ctKey);
  const auto: ViewerKind = viewerFor(mime) ?? (sniffed ? "hex" : result.bytes.length === 0 ? "text" : looksLikeText(result.bytes) ? "text" : "hex");
  const [override, setOverride] = useState<ViewerKind | null>(null);
  const viewer = override ?? auto;
  const ext = sniffed?.extension ?? null;
  const fileName = downloadName(result.headers, path, ext);
  const downloadUrl = useBlobUrl(shownBytes, "application/octet-stream");

  return (
    <div className="space-y-3" data-testid="preview-response">
      <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-4">
        <div>
          <dt className="text-xs text-slate-500">Status</dt>
          <dd data-testid="upstream-status" className="font-mono">{result.status}</dd>
        </div>
        <div>
          <dt className="text-xs text-slate-500">Size</dt>
          <dd data-testid="upstream-size">{fmtBytes(result.bytes.length)} ({result.bytes.length.toLocaleString()} bytes)</dd>
        </div>
        <div>
          <dt className="text-xs text-slate-500">Time</dt>
          <dd>
            {result.upstreamMs} ms to headers, {result.totalMs} ms total
          </dd>
        </div>
        <div>
          <dt className="text-xs text-slate-500">Content-Type</dt>
          <dd className="font-mono text-xs break-all">{headerValue(result.headers, "content-type") ?? "(none)"}</dd>
        </div>
      </dl>
      <p className="text-xs text-slate-600 break-all">
        {result.method} <span className="font-mono">{result.invokeUrl}</span> with <span className="font-mono">Accept: {result.acceptSent}</span>
      </p>
      {result.status >= 300 && result.status < 400 && (
        <p className="text-sm text-amber-800" role="note">
          Redirect to <span className="font-mono">{headerValue(result.headers, "location") ?? "(no Location)"}</span> — reported, not followed.
        </p>
      )}
      <details className="text-xs">
        <summary className="cursor-pointer text-slate-700">Response headers ({result.headers.length})</summary>
        <table className="mt-1 w-full text-left font-mono">
          <tbody>
            {result.headers.map(([k, v], i) => (
              <tr key={`${k}-${i}`} className="border-t border-slate-100">
                <th className="pr-3 align-top font-normal text-slate-500">{k}</th>
                <td className="break-all">{v}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      {decoded && (
        <p className="rounded bg-amber-50 p-2 text-sm text-amber-900">
          The client received {result.bytes.length.toLocaleString()} bytes of base64 text; shown below is what it decodes to ({fmtBytes(decoded.length)}).
        </p>
      )}
      <div className="flex flex-wrap items-center gap-2" role="toolbar" aria-label="Viewer">
        {(["image", "pdf", "audio", "video", "text", "hex"] as const)
          .filter((k) => k === "hex" || k === "text" || k === auto)
          .map((k) => (
            <Button key={k} size="sm" variant={viewer === k ? "primary" : "secondary"} aria-pressed={viewer === k} onClick={() => setOverride(k)}>
              {k === "hex" ? "Hex" : k === "text" ? "Text" : k === "pdf" ? "PDF" : k[0].toUpperCase() + k.slice(1)}
            </Button>
          ))}
        {downloadUrl && (
          <a href={downloadUrl} download={fileName} className="text-sm text-sky-800 underline">
            Download {fileName}
          </a>
        )}
      </div>
      {viewer === "image" && <ImageView bytes={shownBytes} mime={sniffed?.mime ?? mime ?? "application/octet-stream"} label={sniffed?.label ?? mime ?? "image"} />}
      {viewer === "pdf" && <PdfView bytes={shownBytes} />}
      {(viewer === "audio" || viewer === "video") && <PlayerView bytes={shownBytes} mime={mime ?? ""} kind={viewer} />}
      {viewer === "text" && <TextView bytes={viewer === "text" && decoded ? result.bytes : shownBytes} />}
      {viewer === "hex" && <HexView bytes={shownBytes} />}
    </div>
  );
}

function looksLikeText(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 4096);
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0) return false;
    if (b < 0x09 || (b > 0x0d && b < 0x20)) bad++;
  }
  return bad <= n / 100;
}
