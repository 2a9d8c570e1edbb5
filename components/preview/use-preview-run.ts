"use client";

import { useCallback, useRef, useState } from "react";
import { fetchPreview, type PreviewQuery, type PreviewResult } from "./fetch-preview";

/** One preview at a time: run(query) cancels the previous one; the last answer or error stays shown. */
export function usePreviewRun() {
  const [result, setResult] = useState<PreviewResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const current = useRef<AbortController | null>(null);

  const run = useCallback(async (query: PreviewQuery) => {
    current.current?.abort();
    const controller = new AbortController();
    current.current = controller;
    setPending(true);
    setError(null);
    const r = await fetchPreview(query, controller.signal);
    if (controller.signal.aborted) return;
    setPending(false);
    if (r.ok) setResult(r.result);
    else {
      setResult(null);
      setError(r.message);
    }
  }, []);

  return { result, error, pending, run, fail: setError };
}
