"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";

const ROW = 16;
const ROWS_PER_PAGE = 256; // 4 KiB per page keeps the DOM small for multi-MB bodies

const hex2 = (b: number) => b.toString(16).padStart(2, "0");
const ascii = (b: number) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : ".");

/** Offset / hex / ASCII dump of any bytes, paged 4 KiB at a time. */
export function HexView({ bytes }: { bytes: Uint8Array }) {
  const pages = Math.max(1, Math.ceil(bytes.length / (ROW * ROWS_PER_PAGE)));
  const [page, setPage] = useState(0);
  const start = page * ROW * ROWS_PER_PAGE;
  const lines: string[] = [];
  for (let off = start; off < Math.min(bytes.length, start + ROW * ROWS_PER_PAGE); off += ROW) {
    const slice = bytes.subarray(off, off + ROW);
    const hex = Array.from(slice, hex2)
      .join(" ")
      .padEnd(ROW * 3 - 1, " ");
    lines.push(`${off.toString(16).padStart(8, "0")}  ${hex}  ${Array.from(slice, ascii).join("")}`);
  }
  return (
    <div className="space-y-2" data-testid="hex-view">
      {pages > 1 && (
        <div className="flex items-center gap-2 text-xs text-slate-600">
          <Button size="sm" variant="secondary" disabled={page === 0} onClick={() => setPage(page - 1)}>
            Previous 4 KiB
          </Button>
          <span>
            bytes {start.toLocaleString()}–{Math.min(bytes.length, start + ROW * ROWS_PER_PAGE).toLocaleString()} of{" "}
            {bytes.length.toLocaleString()}
          </span>
          <Button size="sm" variant="secondary" disabled={page >= pages - 1} onClick={() => setPage(page + 1)}>
            Next 4 KiB
          </Button>
        </div>
      )}
      <pre
        className="max-h-96 overflow-auto rounded bg-slate-950 p-3 font-mono text-xs leading-5 text-slate-100"
        aria-label="Hex view"
      >
        {bytes.length === 0 ? "(empty body)" : lines.join("\n")}
      </pre>
    </div>
  );
}
