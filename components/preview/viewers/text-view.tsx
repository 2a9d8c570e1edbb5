"use client";

const TEXT_CAP = 256 * 1024;

/** UTF-8 text, pretty-printed when it is JSON; capped at 256 KiB so a large body cannot freeze the page. */
export function TextView({ bytes }: { bytes: Uint8Array }) {
  const text = new TextDecoder().decode(bytes.subarray(0, TEXT_CAP));
  let shown = text;
  let json = false;
  if (bytes.length <= TEXT_CAP) {
    try {
      shown = JSON.stringify(JSON.parse(text), null, 2);
      json = true;
    } catch {
      /* not JSON: show as is */
    }
  }
  return (
    <div className="space-y-1" data-testid="text-view">
      <p className="text-xs text-slate-500">
        {json ? "JSON, pretty-printed" : "Text (UTF-8)"}
        {bytes.length > TEXT_CAP && ` — first ${TEXT_CAP / 1024} KiB of ${bytes.length.toLocaleString()} bytes`}
      </p>
      <pre className="max-h-96 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-3 font-mono text-xs text-slate-900">
        {shown}
      </pre>
    </div>
  );
}
