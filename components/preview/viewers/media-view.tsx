"use client";

import { useEffect, useState } from "react";
import { useBlobUrl } from "./use-blob-url";

const SVG_MAX_SIDE = 4096;

/**
 * An SVG drawn onto a canvas and re-encoded as PNG, so what the page shows (and what a user can open, drag or
 * save from it) is pixels, never an SVG document of the dashboard's origin. The SVG is loaded as an image from
 * a data: URL (an image context runs no script; a data: URL has no origin of ours), then dropped.
 */
async function rasterizeSvg(bytes: Uint8Array): Promise<Uint8Array> {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  const img = new Image();
  img.src = `data:image/svg+xml;base64,${btoa(binary)}`;
  await img.decode();
  const scale = Math.min(1, SVG_MAX_SIDE / Math.max(img.naturalWidth || 300, img.naturalHeight || 150));
  const canvas = document.createElement("canvas");
  canvas.width = Math.max(1, Math.round((img.naturalWidth || 300) * scale));
  canvas.height = Math.max(1, Math.round((img.naturalHeight || 150) * scale));
  canvas.getContext("2d")?.drawImage(img, 0, 0, canvas.width, canvas.height);
  const png = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/png"));
  if (!png) throw new Error("the SVG could not be drawn");
  return new Uint8Array(await png.arrayBuffer());
}

/** Raster bytes to show: the bytes themselves, or an SVG's rendering as PNG. */
function useRasterBytes(bytes: Uint8Array, isSvg: boolean): { bytes: Uint8Array | null; failed: boolean } {
  const [state, setState] = useState<{ bytes: Uint8Array | null; failed: boolean }>({ bytes: null, failed: false });
  useEffect(() => {
    if (!isSvg) return;
    let cancelled = false;
    rasterizeSvg(bytes).then(
      (png) => !cancelled && setState({ bytes: png, failed: false }),
      () => !cancelled && setState({ bytes: null, failed: true }),
    );
    return () => {
      cancelled = true;
    };
  }, [bytes, isSvg]);
  return isSvg ? state : { bytes, failed: false };
}

/**
 * An image through <img> from an inert blob: URL (raster formats decode by their magic bytes; SVG is shown as
 * its PNG rendering), with its natural size; bytes that are not an image show the browser's broken-image icon.
 */
export function ImageView({
  bytes,
  mime,
  label,
  alt,
}: {
  bytes: Uint8Array;
  mime: string;
  label: string;
  alt?: string;
}) {
  const raster = useRasterBytes(bytes, mime === "image/svg+xml");
  const url = useBlobUrl(raster.bytes);
  const [size, setSize] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  if (raster.failed)
    return <p className="text-sm text-slate-600">The browser could not draw this SVG; see the Text view.</p>;
  if (!url) return null;
  return (
    <figure className="space-y-1">
      <img
        src={url}
        alt={alt ?? `Previewed ${label}`}
        data-testid="preview-image"
        className="max-h-96 min-h-8 min-w-8 max-w-full rounded border border-slate-200 bg-[conic-gradient(#eee_25%,#fff_0_50%,#eee_0_75%,#fff_0)] bg-[length:16px_16px] object-contain"
        onLoad={(e) => setSize(`${e.currentTarget.naturalWidth}×${e.currentTarget.naturalHeight}`)}
        onError={() => setFailed(true)}
      />
      <figcaption className="text-xs text-slate-500">
        {failed
          ? "The browser could not decode these bytes as an image: this is the broken image a browser shows."
          : size
            ? `${label}${mime === "image/svg+xml" ? " (shown as pixels)" : ""}, ${size} px`
            : label}
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
