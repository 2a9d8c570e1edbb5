"use client";

import { useEffect, useState } from "react";

/**
 * A blob: URL for bytes, revoked on change/unmount. Media elements given a blob: URL never run script on
 * the dashboard's origin (an SVG in <img> is inert), which is why nothing is inlined (security.md 5).
 */
export function useBlobUrl(bytes: Uint8Array | null, type: string): string | null {
  const [url, setUrl] = useState<string | null>(null);
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
