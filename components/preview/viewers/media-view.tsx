"use client";

import { useState } from "react";
import { useBlobUrl } from "./use-blob-url";

/** An image (PNG, JPEG, GIF, WebP, AVIF, SVG — always through <img>, never inline), with its natural size. */
export function ImageView({ bytes, mime, label }: { bytes: Uint8Array; mime: string; label: string }) {
  const url = useBlobUrl(bytes, mime);
  const [size, setSize] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  if (!url) return null;
  return (
    <figure className="space-y-1">
      {/* eslint-disable-next-line @next/next/no-img-element -- a blob: URL; next/image cannot optimise it */}
      <img
        src={url}
        alt={`Previewed ${label}`}
        data-testid="preview-image"
        className="max-h-96 max-w-full rounded border border-slate-200 bg-[conic-gradient(#eee_25%,#fff_0_50%,#eee_0_75%,#fff_0)] bg-[length:16px_16px] object-contain"
        onLoad={(e) => setSize(`${e.currentTarget.naturalWidth}×${e.currentTarget.naturalHeight}`)}
        onError={() => setFailed(true)}
      />
      <figcaption className="text-xs text-slate-500">
        {failed ? "The browser could not decode these bytes as an image." : size ? `${label}, ${size} px` : label}
      </figcaption>
    </figure>
  );
}

/** Audio or video through the browser's own player. */
export function PlayerView({ bytes, mime, kind }: { bytes: Uint8Array; mime: string; kind: "audio" | "video" }) {
  const url = useBlobUrl(bytes, mime);
  if (!url) return null;
  return kind === "audio" ? (
    <audio controls src={url} data-testid="preview-audio" className="w-full" />
  ) : (
    <video controls src={url} data-testid="preview-video" className="max-h-96 max-w-full" />
  );
}
