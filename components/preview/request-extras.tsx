"use client";

import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { PREVIEW_BODY_METHODS, PREVIEW_MAX_HEADERS } from "@/lib/preview/protocol";
import type { PreviewExtras } from "./fetch-preview";

/** One header row as typed; `id` keys the row while names and values change. */
interface HeaderRow {
  id: number;
  name: string;
  value: string;
}

/**
 * What a protected stage needs (an API key, a bearer token, SigV4, a POST body), held in this component's
 * state only: never in the URL, localStorage or the server's logs, and gone when the page reloads.
 */
export function useRequestExtras() {
  const [rows, setRows] = useState<HeaderRow[]>([]);
  const [body, setBody] = useState("");
  const [sign, setSign] = useState(false);
  const [nextId, setNextId] = useState(1);
  const add = () => {
    setRows((r) => [...r, { id: nextId, name: "", value: "" }]);
    setNextId((n) => n + 1);
  };
  const update = (id: number, patch: Partial<HeaderRow>) =>
    setRows((r) => r.map((row) => (row.id === id ? { ...row, ...patch } : row)));
  const remove = (id: number) => setRows((r) => r.filter((row) => row.id !== id));
  /** The extras for a run with `method`: named headers only; a body only where the method takes one. */
  const forMethod = (method: string): PreviewExtras => ({
    headers: rows.filter((r) => r.name.trim() !== "").map((r) => ({ name: r.name.trim(), value: r.value })),
    ...(PREVIEW_BODY_METHODS.includes(method) && body !== "" ? { body } : {}),
    sign,
  });
  return { rows, body, sign, add, update, remove, setBody, setSign, forMethod };
}

export type RequestExtrasState = ReturnType<typeof useRequestExtras>;

/** The form part: header rows with masked values, SigV4 opt-in, and a body for POST/PUT/PATCH. */
export function RequestExtrasFields({ state, method }: { state: RequestExtrasState; method: string }) {
  const bodyId = useId();
  const count = state.rows.filter((r) => r.name.trim() !== "").length + (state.sign ? 1 : 0);
  return (
    <details
      className="rounded-md border border-slate-200 p-3 text-sm dark:border-slate-700"
      data-testid="request-extras"
    >
      <summary className="cursor-pointer font-medium text-slate-800 dark:text-slate-200">
        Protected stage: headers, signing, body{count > 0 ? ` (${count} set)` : ""}
      </summary>
      <div className="mt-3 space-y-3">
        <p className="text-xs text-slate-600 dark:text-slate-400">
          For an API key (x-api-key), a bearer token or IAM auth. Kept in this page only and sent to this stage alone
          through the dashboard; never stored or logged. Reloading the page forgets them. The client matrix runs without
          them.
        </p>
        {state.rows.map((row, i) => (
          <HeaderRowFields key={row.id} row={row} index={i + 1} state={state} />
        ))}
        <Button size="sm" variant="secondary" onClick={state.add} disabled={state.rows.length >= PREVIEW_MAX_HEADERS}>
          Add header
        </Button>
        <label className="flex items-start gap-2 text-xs text-slate-700 dark:text-slate-300">
          <input type="checkbox" checked={state.sign} onChange={(e) => state.setSign(e.target.checked)} />
          Sign with SigV4 using the dashboard&apos;s own credentials (for stages with IAM authorization)
        </label>
        {PREVIEW_BODY_METHODS.includes(method) && (
          <div className="flex flex-col gap-1">
            <label htmlFor={bodyId} className="text-xs font-medium text-slate-700 dark:text-slate-300">
              Request body ({method})
            </label>
            <textarea
              id={bodyId}
              className={
                "min-h-20 rounded-md border border-slate-300 bg-white p-2 font-mono text-xs text-slate-900 " +
                "dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100"
              }
              value={state.body}
              placeholder='{"example": true} — set its Content-Type as a header'
              onChange={(e) => state.setBody(e.target.value)}
            />
          </div>
        )}
      </div>
    </details>
  );
}

function HeaderRowFields({ row, index, state }: { row: HeaderRow; index: number; state: RequestExtrasState }) {
  const [shown, setShown] = useState(false);
  const nameId = useId();
  const valueId = useId();
  return (
    <div className="flex flex-wrap items-end gap-2" data-testid="request-header-row">
      <div className="flex flex-col gap-1">
        <label htmlFor={nameId} className="text-xs font-medium text-slate-700 dark:text-slate-300">
          Header {index} name
        </label>
        <Input
          id={nameId}
          className="w-40 font-mono"
          value={row.name}
          placeholder="x-api-key"
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => state.update(row.id, { name: e.target.value })}
        />
      </div>
      <div className="flex min-w-0 flex-1 flex-col gap-1">
        <label htmlFor={valueId} className="text-xs font-medium text-slate-700 dark:text-slate-300">
          Header {index} value
        </label>
        {/* Masked like a password, so a screen share or a screenshot does not show the secret. */}
        <Input
          id={valueId}
          type={shown ? "text" : "password"}
          className="w-full font-mono"
          value={row.value}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => state.update(row.id, { value: e.target.value })}
        />
      </div>
      <Button size="sm" variant="secondary" aria-pressed={shown} onClick={() => setShown(!shown)}>
        {shown ? "Hide" : "Show"}
        <span className="sr-only"> header {index} value</span>
      </Button>
      <Button size="sm" variant="secondary" onClick={() => state.remove(row.id)}>
        Remove<span className="sr-only"> header {index}</span>
      </Button>
    </div>
  );
}
