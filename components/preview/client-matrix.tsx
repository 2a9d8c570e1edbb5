"use client";

import { useState } from "react";
import { computeVerdict, predictDelivery, type VerdictKind } from "@/lib/binary/verdict";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/cn";
import { fetchPreview, headerValue, type PreviewQuery } from "./fetch-preview";

export interface MatrixClient {
  id: string;
  label: string;
  accept: string;
}

type Row = MatrixClient & {
  predicted: ReturnType<typeof predictDelivery>;
  confirmed?: { kind: VerdictKind; status: number } | { error: string };
};

const KIND: Record<VerdictKind, string> = { binary: "binary", text: "text", "base64-of-binary": "base64 text" };

/**
 * Per-client outcome for one stage/path/method: PREDICTED by the rules (lib/binary, assuming the Lambda
 * returns isBase64Encoded: true) and CONFIRMED by really calling the stage with that client's Accept through
 * /api/preview. Rows where the two disagree are highlighted.
 */
export function ClientMatrix({
  query,
  clients,
  deployedBinaryMediaTypes,
}: {
  query: Omit<PreviewQuery, "accept">;
  clients: MatrixClient[];
  deployedBinaryMediaTypes: string[];
}) {
  const [rows, setRows] = useState<Row[] | null>(null);
  const [running, setRunning] = useState(false);

  const run = async () => {
    setRunning(true);
    let current: Row[] = clients.map((c) => ({ ...c, predicted: predictDelivery(c.accept, deployedBinaryMediaTypes) }));
    setRows(current);
    // One at a time: the preview route allows 4 in flight per process, shared with everyone.
    for (let i = 0; i < current.length; i++) {
      const c = current[i];
      const r = await fetchPreview({ ...query, accept: c.accept });
      let confirmed: Row["confirmed"];
      let predicted = c.predicted;
      if (!r.ok) confirmed = { error: r.message };
      else {
        // Predict from the types the stage served at that moment (they come back with the response).
        predicted = predictDelivery(c.accept, r.result.deployedBinaryMediaTypes);
        const v = computeVerdict({
          deployedBinaryMediaTypes: r.result.deployedBinaryMediaTypes,
          currentBinaryMediaTypes: r.result.currentBinaryMediaTypes,
          accept: r.result.acceptSent,
          status: r.result.status,
          contentType: headerValue(r.result.headers, "content-type"),
          body: r.result.bytes,
          stage: query.stage,
        });
        confirmed = { kind: v.kind, status: r.result.status };
      }
      current = current.map((row, j) => (j === i ? { ...row, predicted, confirmed } : row));
      setRows(current);
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
      {rows && (
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
              const mismatch = confirmedKind !== null && confirmedKind !== "text" && confirmedKind !== r.predicted.kind;
              return (
                <tr key={r.id} className={cn("border-t border-slate-100", mismatch && "bg-red-50")} data-mismatch={mismatch ? "true" : "false"}>
                  <td className="py-1 pr-2">{r.label}</td>
                  <td className="py-1 pr-2 font-mono text-xs">{r.predicted.acceptKey ?? "(none)"}</td>
                  <td className="py-1 pr-2">
                    {KIND[r.predicted.kind]}
                    {r.predicted.match && <span className="text-xs text-slate-500"> via {r.predicted.match}</span>}
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
      )}
    </section>
  );
}
