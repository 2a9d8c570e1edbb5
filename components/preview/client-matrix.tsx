"use client";

import { useState } from "react";
import { predictDelivery, type VerdictKind } from "@/lib/binary/verdict";
import type { MatrixLine } from "@/lib/preview/protocol";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/cn";
import type { PreviewQuery } from "./fetch-preview";
import type { PreviewPreset } from "./types";

export type MatrixClient = PreviewPreset;

type Row = MatrixClient & {
  predicted: ReturnType<typeof predictDelivery> | null;
  confirmed?: { kind: VerdictKind; status: number } | { error: string };
};

const KIND: Record<VerdictKind, string> = { binary: "binary", text: "text", "base64-of-binary": "base64 text" };
const MATRIX_PRESET_IDS = ["chrome-tab", "chrome-img", "firefox-img", "safari-img", "fetch", "curl", "no-accept"];

/**
 * The matrix rows: a browser tab, <img> in three browsers, fetch(), curl, no Accept, an explicit type (the
 * previewed file's own when known) and this browser's captured headers.
 */
export function matrixClients(presets: PreviewPreset[], explicitMime: string): MatrixClient[] {
  return [
    ...MATRIX_PRESET_IDS.flatMap((id) => presets.filter((p) => p.id === id)),
    { id: "explicit", label: `Accept: ${explicitMime}`, accept: explicitMime },
    ...presets.filter((p) => p.id.startsWith("this-browser")),
  ];
}

/** Reads the NDJSON answer of /api/preview/matrix line by line, as the rows arrive. */
async function* matrixLines(res: Response): AsyncGenerator<MatrixLine> {
  const reader = res.body?.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  while (reader) {
    const { value, done } = await reader.read();
    if (done) break;
    buffered += value;
    let nl = buffered.indexOf("\n");
    while (nl >= 0) {
      yield JSON.parse(buffered.slice(0, nl)) as MatrixLine;
      buffered = buffered.slice(nl + 1);
      nl = buffered.indexOf("\n");
    }
  }
}

/**
 * Per-client outcome for one stage/path/method: PREDICTED by the rules (lib/binary, assuming the Lambda
 * returns isBase64Encoded: true) from the deployed types read once for the run, and CONFIRMED by really
 * calling the stage with each client's Accept. Rows where the two disagree are highlighted.
 */
export function ClientMatrix({ query, clients }: { query: Omit<PreviewQuery, "accept">; clients: MatrixClient[] }) {
  const [rows, setRows] = useState<Row[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);

  const run = async () => {
    setRunning(true);
    setError(null);
    let current: Row[] = clients.map((c) => ({ ...c, predicted: null }));
    setRows(current);
    const params = new URLSearchParams({ ...query });
    for (const c of clients) params.append("accept", c.accept);
    try {
      const res = await fetch(`/api/preview/matrix?${params}`, { cache: "no-store" });
      if (!res.ok)
        throw new Error(
          ((await res.json().catch(() => null)) as { message?: string } | null)?.message ?? `HTTP ${res.status}`,
        );
      for await (const line of matrixLines(res)) {
        if (line.type === "error") setError(line.message);
        else if (line.type === "config") {
          current = current.map((r) => ({ ...r, predicted: predictDelivery(r.accept, line.deployedBinaryMediaTypes) }));
        } else {
          const confirmed = "error" in line ? { error: line.error } : { kind: line.kind, status: line.status };
          current = current.map((r, i) => (i === line.index ? { ...r, confirmed } : r));
        }
        setRows(current);
      }
    } catch (e) {
      setError(e instanceof Error ? e.message : "The client matrix could not be run");
    }
    setRunning(false);
  };

  return (
    <section aria-label="Client matrix" className="space-y-2" data-testid="client-matrix">
      <div className="flex items-center gap-2">
        <h3 className="text-sm font-semibold text-slate-900">What each client gets</h3>
        <Button size="sm" variant="secondary" onClick={run} disabled={running}>
          {running ? "Calling the stage…" : rows ? "Run again" : "Run for every client"}
        </Button>
      </div>
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
      {rows && <MatrixTable rows={rows} />}
    </section>
  );
}

function MatrixTable({ rows }: { rows: Row[] }) {
  return (
    <table className="w-full text-left text-sm">
      <thead className="text-xs text-slate-500">
        <tr>
          <th className="py-1 pr-2 font-medium">Client</th>
          <th className="py-1 pr-2 font-medium">First Accept value</th>
          <th className="py-1 pr-2 font-medium">Predicted</th>
          <th className="py-1 pr-2 font-medium">Confirmed</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const c = r.confirmed;
          const confirmedKind = c && "kind" in c ? c.kind : null;
          // A text response is not a binary file either way: the prediction does not apply to it.
          const mismatch =
            r.predicted !== null &&
            confirmedKind !== null &&
            confirmedKind !== "text" &&
            confirmedKind !== r.predicted.kind;
          return (
            <tr
              key={r.id}
              className={cn("border-t border-slate-100", mismatch && "bg-red-50")}
              data-mismatch={mismatch ? "true" : "false"}
            >
              <td className="py-1 pr-2">{r.label}</td>
              <td className="py-1 pr-2 font-mono text-xs">{r.predicted ? (r.predicted.acceptKey ?? "(none)") : "…"}</td>
              <td className="py-1 pr-2">
                {r.predicted ? KIND[r.predicted.kind] : "…"}
                {r.predicted?.match && <span className="text-xs text-slate-500"> via {r.predicted.match}</span>}
              </td>
              <td className="py-1 pr-2">
                {!c ? (
                  <span className="text-slate-400">…</span>
                ) : "error" in c ? (
                  <span className="text-red-700">{c.error}</span>
                ) : (
                  <>
                    {KIND[c.kind]} <span className="text-xs text-slate-500">({c.status})</span>
                    {mismatch && <strong className="ml-1 text-red-800">differs from the prediction</strong>}
                  </>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
