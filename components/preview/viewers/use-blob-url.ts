"use client";

import { useEffect, useState } from "react";

/**
 * The type of every blob: URL the preview makes, except audio and video. A blob: URL belongs to the
 * dashboard's origin, so whatever a user can open from it (new tab, drag, "save link") must not be a document
 * that runs script there (docs/security.md promise 5). Browsers render nothing for an unknown type and do not sniff
 * it: opening such a URL only downloads the bytes. <img> still decodes raster images by their magic bytes.
 */
export const INERT_BLOB_TYPE = "application/x-binarygate-preview";

/** Media types a browser opens only in its own media player (no page script), so they keep their type. */
const MEDIA_TYPE = /^(audio|video)\/[a-z0-9][a-z0-9.+-]*$/;

/** The blob type the preview may use for bytes claimed to be `mime`: media keep theirs, all else is inert. */
export function safeBlobType(mime: string | null): string {
  return mime && MEDIA_TYPE.test(mime) ? mime : INERT_BLOB_TYPE;
}

/** A blob: URL for bytes, typed by safeBlobType, revoked on change and unmount. */
export function useBlobUrl(bytes: Uint8Array | null, mime: string | null = null): string | null {
  const [url, setUrl] = useState<string | null>(null);
  const type = safeBlobType(mime);
  useEffect(() => {
    if (!bytes) return;
    const u = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
    setUrl(u);
    return () => {
      URL.revokeObjectURL(u);
      setUrl(null);
    };
  }, [bytes, type]);
  return url;
}
