"use client";

import { useMemo, useState } from "react";
import { type BinaryFormat, contentTypeKey, sniffFormat } from "@/lib/binary";
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
const IMAGE_MIMES = new Set([
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/webp",
  "image/avif",
  "image/svg+xml",
  "image/bmp",
  "image/x-icon",
  "image/vnd.microsoft.icon",
  "image/apng",
]);

function viewerFor(mime: string | null): ViewerKind | null {
  if (!mime) return null;
  if (IMAGE_MIMES.has(mime)) return "image";
  if (mime === "application/pdf") return "pdf";
  if (mime.startsWith("audio/")) return "audio";
  if (mime.startsWith("video/")) return "video";
  const json = mime === "application/json" || mime.endsWith("+json");
  if (mime.startsWith("text/") || json || mime === "application/xml" || mime.endsWith("+xml")) return "text";
  return null;
}

const fmtBytes = (n: number) =>
  n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 / 1024).toFixed(2)} MiB`;

/** A browser (a tab or an <img>) shows a body typed image/* as an image, even when it is base64 text. */
function isBrowserClient(acceptKey: string | null): boolean {
  return acceptKey === "text/html" || (acceptKey?.startsWith("image/") ?? false);
}

/**
 * One response: first what the client really got (a browser shows base64 typed image/* as a broken image,
 * other clients get the text), with status, headers, size and time; then, for base64 of a binary file,
 * "decoded: what it should have been", clearly secondary.
 */
export function ResponseView({ result, verdict }: { result: PreviewResult; verdict: Verdict }) {
  const ctKey = contentTypeKey(headerValue(result.headers, "content-type"));
  const sniffed = verdict.kind === "binary" ? verdict.format : null;
  const asBrowser = isBrowserClient(verdict.acceptKey);
  const claimed = sniffed?.mime ?? ctKey;
  const received =
    verdict.kind === "base64-of-binary" && !(asBrowser && viewerFor(claimed) === "image") ? null : claimed;
  const auto = viewerFor(received) ?? (result.bytes.length === 0 || looksLikeText(result.bytes) ? "text" : "hex");
  return (
    <div className="space-y-3" data-testid="preview-response">
      <ResponseFacts result={result} />
      <section aria-label="What the client got" className="space-y-2">
        <h4 className="text-xs font-semibold uppercase tracking-wide text-slate-500">What the client got</h4>
        <BytesView
          bytes={result.bytes}
          mime={received}
          format={sniffed}
          auto={auto}
          fileName={downloadName(result.headers, result.query.path, sniffed?.extension ?? null)}
        />
      </section>
      {verdict.decoded && verdict.format && (
        <section aria-label="Decoded" className="space-y-2 rounded-md border border-dashed border-slate-300 p-3">
          <h4 className="text-xs font-semibold uppercase tracking-wide text-slate-500">
            Decoded: what it should have been ({verdict.format.label}, {fmtBytes(verdict.decoded.length)})
          </h4>
          <BytesView
            bytes={verdict.decoded}
            mime={verdict.format.mime}
            format={verdict.format}
            auto={viewerFor(verdict.format.mime) ?? "hex"}
            fileName={downloadName(result.headers, result.query.path, verdict.format.extension)}
          />
        </section>
      )}
    </div>
  );
}

function ResponseFacts({ result }: { result: PreviewResult }) {
  const location = headerValue(result.headers, "location");
  return (
    <>
      <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-4">
        <Fact term="Status" testId="upstream-status" mono>
          {result.status}
        </Fact>
        <Fact term="Size" testId="upstream-size">
          {fmtBytes(result.bytes.length)} ({result.bytes.length.toLocaleString()} bytes)
        </Fact>
        <Fact term="Time">
          {result.upstreamMs} ms to headers, {result.totalMs} ms total
        </Fact>
        <Fact term="Content-Type" mono>
          {headerValue(result.headers, "content-type") ?? "(none)"}
        </Fact>
      </dl>
      <p className="text-xs text-slate-600 break-all">
        {result.query.method} <span className="font-mono">{result.invokeUrl}</span>{" "}
        {result.query.accept ? (
          <>
            with <span className="font-mono">Accept: {result.query.accept}</span>
          </>
        ) : (
          "with no Accept header"
        )}
      </p>
      {result.status >= 300 && result.status < 400 && (
        <p className="text-sm text-amber-800" role="note">
          Redirect to <span className="font-mono">{location ?? "(no Location)"}</span> — reported, not followed.
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
    </>
  );
}

function Fact({
  term,
  testId,
  mono,
  children,
}: {
  term: string;
  testId?: string;
  mono?: boolean;
  children: React.ReactNode;
}) {
  return (
    <div>
      <dt className="text-xs text-slate-500">{term}</dt>
      <dd data-testid={testId} className={mono ? "font-mono text-xs break-all" : undefined}>
        {children}
      </dd>
    </div>
  );
}

const VIEWER_LABEL: Record<ViewerKind, string> = {
  image: "Image",
  pdf: "PDF",
  audio: "Audio",
  video: "Video",
  text: "Text",
  hex: "Hex",
};

/** Bytes in the viewer chosen for them, the text and hex views one click away, and a download. */
function BytesView(props: {
  bytes: Uint8Array;
  mime: string | null;
  format: BinaryFormat | null;
  auto: ViewerKind;
  fileName: string;
}) {
  const { bytes, mime, format, auto, fileName } = props;
  const [override, setOverride] = useState<ViewerKind | null>(null);
  const viewer = override ?? auto;
  const downloadUrl = useBlobUrl(bytes);
  const kinds = useMemo(
    () =>
      (["image", "pdf", "audio", "video", "text", "hex"] as const).filter(
        (k) => k === "hex" || k === "text" || k === auto,
      ),
    [auto],
  );
  const own = useMemo(() => format ?? sniffFormat(bytes), [format, bytes]);
  const imageMime = own?.mime ?? mime ?? "application/octet-stream";
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2" role="toolbar" aria-label="Viewer">
        {kinds.map((k) => (
          <Button
            key={k}
            size="sm"
            variant={viewer === k ? "primary" : "secondary"}
            aria-pressed={viewer === k}
            onClick={() => setOverride(k)}
          >
            {VIEWER_LABEL[k]}
          </Button>
        ))}
        {downloadUrl && (
          <a href={downloadUrl} download={fileName} className="text-sm text-sky-800 underline">
            Download {fileName}
          </a>
        )}
      </div>
      {viewer === "image" && <ImageView bytes={bytes} mime={imageMime} label={own?.label ?? mime ?? "image"} />}
      {viewer === "pdf" && <PdfView bytes={bytes} />}
      {(viewer === "audio" || viewer === "video") && <PlayerView bytes={bytes} mime={mime ?? ""} kind={viewer} />}
      {viewer === "text" && <TextView bytes={bytes} />}
      {viewer === "hex" && <HexView bytes={bytes} />}
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
