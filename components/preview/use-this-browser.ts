"use client";

import { useEffect, useState } from "react";

export interface ThisBrowserAccept {
  page: string | null;
  image: string | null;
  state: "capturing" | "ready" | "failed";
}

function nonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Captures the Accept headers this very browser sends for a page navigation (a hidden frame) and for an
 * <img>, by loading the dashboard's echo routes under a random nonce and reading them back — measured, not
 * assumed from navigator.userAgent (docs/aws-binary-rules.md §1.5, §10).
 */
export function useThisBrowserAccept(): ThisBrowserAccept {
  const [value, setValue] = useState<ThisBrowserAccept>({ page: null, image: null, state: "capturing" });
  useEffect(() => {
    const id = nonce();
    let cancelled = false;
    const frame = document.createElement("iframe");
    frame.hidden = true;
    frame.title = "Accept capture";
    frame.setAttribute("sandbox", "");
    const frameLoaded = new Promise<void>((resolve) => {
      frame.onload = () => resolve();
      frame.onerror = () => resolve();
    });
    frame.src = `/api/preview/echo-accept/page?nonce=${id}`;
    document.body.appendChild(frame);
    const img = new Image();
    const imgLoaded = new Promise<void>((resolve) => {
      img.onload = () => resolve();
      img.onerror = () => resolve();
    });
    img.src = `/api/preview/echo-accept/image?nonce=${id}`;
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, 10_000));
    Promise.race([Promise.all([frameLoaded, imgLoaded]), timeout])
      .then(() => fetch(`/api/preview/echo-accept/result?nonce=${id}`, { cache: "no-store" }))
      .then((r) => r.json() as Promise<{ page: string | null; image: string | null }>)
      .then((v) => {
        if (!cancelled) setValue({ page: v.page, image: v.image, state: v.page || v.image ? "ready" : "failed" });
      })
      .catch(() => {
        if (!cancelled) setValue({ page: null, image: null, state: "failed" });
      })
      .finally(() => frame.remove());
    return () => {
      cancelled = true;
      frame.remove();
    };
  }, []);
  return value;
}
