"use client";

import { useEffect, useRef, useState } from "react";
import type { PDFDocumentProxy, RenderTask } from "pdfjs-dist";
import { Button } from "@/components/ui/button";

const ZOOMS = [0.5, 0.75, 1, 1.25, 1.5, 2];

/**
 * A PDF rendered in the page by pdf.js (pdfjs-dist 5.4.624), one page at a time onto a canvas, with page
 * navigation and zoom. Scripting in the PDF is never run: pdf.js does not execute PDF JavaScript unless
 * given a scripting sandbox, and `isEvalSupported: false` keeps its font code off eval.
 */
export function PdfView({ bytes }: { bytes: Uint8Array }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [doc, setDoc] = useState<PDFDocumentProxy | null>(null);
  const [pageNo, setPageNo] = useState(1);
  const [zoom, setZoom] = useState(1);
  const [error, setError] = useState<string | null>(null);
  const [rendered, setRendered] = useState(0);

  useEffect(() => {
    let cancelled = false;
    let loaded: PDFDocumentProxy | null = null;
    setDoc(null);
    setError(null);
    setPageNo(1);
    (async () => {
      const pdfjs = await import("pdfjs-dist");
      pdfjs.GlobalWorkerOptions.workerSrc = "/api/preview/pdfjs-worker";
      // pdf.js transfers the buffer to its worker: give it a copy so the caller's bytes stay usable.
      const task = pdfjs.getDocument({ data: bytes.slice(), isEvalSupported: false });
      loaded = await task.promise;
      if (cancelled) return void loaded.destroy();
      setDoc(loaded);
    })().catch((e: unknown) => {
      if (!cancelled) setError(e instanceof Error ? e.message : "pdf.js could not read this document");
    });
    return () => {
      cancelled = true;
      void loaded?.destroy();
    };
  }, [bytes]);

  useEffect(() => {
    if (!doc || !canvasRef.current) return;
    let task: RenderTask | null = null;
    let cancelled = false;
    (async () => {
      const page = await doc.getPage(pageNo);
      if (cancelled) return;
      const viewport = page.getViewport({ scale: zoom * 1.25 });
      const canvas = canvasRef.current!;
      canvas.width = Math.floor(viewport.width);
      canvas.height = Math.floor(viewport.height);
      task = page.render({ canvas, viewport });
      await task.promise;
      if (!cancelled) setRendered((n) => n + 1);
    })().catch((e: unknown) => {
      if (!cancelled && !(e instanceof Error && e.name === "RenderingCancelledException"))
        setError(e instanceof Error ? e.message : "pdf.js could not render this page");
    });
    return () => {
      cancelled = true;
      task?.cancel();
    };
  }, [doc, pageNo, zoom]);

  if (error)
    return (
      <p className="text-sm text-red-700" role="alert">
        PDF could not be rendered: {error}
      </p>
    );
  return (
    <div className="space-y-2" data-testid="pdf-view" data-rendered={rendered > 0 ? "true" : "false"}>
      <div className="flex flex-wrap items-center gap-2 text-xs text-slate-700">
        <Button size="sm" variant="secondary" disabled={!doc || pageNo <= 1} onClick={() => setPageNo(pageNo - 1)}>
          Previous page
        </Button>
        <span aria-live="polite">{doc ? `Page ${pageNo} of ${doc.numPages}` : "Loading PDF…"}</span>
        <Button
          size="sm"
          variant="secondary"
          disabled={!doc || pageNo >= doc.numPages}
          onClick={() => setPageNo(pageNo + 1)}
        >
          Next page
        </Button>
        <Button
          size="sm"
          variant="secondary"
          disabled={zoom <= ZOOMS[0]}
          onClick={() => setZoom(ZOOMS[Math.max(0, ZOOMS.indexOf(zoom) - 1)])}
        >
          Zoom out
        </Button>
        <span>{Math.round(zoom * 100)}%</span>
        <Button
          size="sm"
          variant="secondary"
          disabled={zoom >= ZOOMS[ZOOMS.length - 1]}
          onClick={() => setZoom(ZOOMS[Math.min(ZOOMS.length - 1, ZOOMS.indexOf(zoom) + 1)])}
        >
          Zoom in
        </Button>
      </div>
      <div className="max-h-[36rem] overflow-auto rounded border border-slate-200 bg-slate-100 p-2">
        <canvas ref={canvasRef} aria-label={`PDF page ${pageNo}`} className="bg-white shadow" />
      </div>
    </div>
  );
}
