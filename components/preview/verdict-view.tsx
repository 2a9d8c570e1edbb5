"use client";

import { Fragment, useState, type ReactNode } from "react";
import type { FixSuggestion, Verdict } from "@/lib/binary/verdict";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";

/** Renders `code` spans of a reason sentence as <code>. */
export function Sentence({ text }: { text: string }) {
  const parts = text.split("`");
  return (
    <>
      {parts.map((p, i) => (i % 2 === 1 ? <code key={i} className="rounded bg-slate-100 px-1 font-mono text-[0.85em]">{p}</code> : <Fragment key={i}>{p}</Fragment>))}
    </>
  );
}

const KIND_LABEL: Record<Verdict["kind"], string> = {
  binary: "Binary",
  text: "Text",
  "base64-of-binary": "Base64 text that should have been binary",
};

export type FixRunner = (fix: FixSuggestion) => Promise<{ ok: boolean; message: string }>;

/** The verdict, its reasons and its fixes; add-type and redeploy become buttons when `runFix` is given. */
export function VerdictView({ verdict, runFix }: { verdict: Verdict; runFix?: FixRunner }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<{ ok: boolean; message: string } | null>(null);
  const tone: "success" | "danger" | "neutral" = verdict.kind === "binary" ? "success" : verdict.kind === "base64-of-binary" ? "danger" : "neutral";

  const run = async (key: string, fix: FixSuggestion) => {
    if (!runFix) return;
    setBusy(key);
    setOutcome(null);
    try {
      setOutcome(await runFix(fix));
    } finally {
      setBusy(null);
    }
  };

  const fixLabel = (fix: FixSuggestion): ReactNode => {
    switch (fix.kind) {
      case "add-type":
        return <>Add <code>{fix.mediaType}</code></>;
      case "redeploy":
        return <>Redeploy <code>{fix.stage}</code></>;
      default:
        return null;
    }
  };

  return (
    <section aria-label="Verdict" className="space-y-2 rounded-md border border-slate-200 p-3" data-testid="verdict" data-kind={verdict.kind}>
      <div className="flex flex-wrap items-center gap-2">
        <h3 className="text-sm font-semibold text-slate-900">Verdict</h3>
        <Badge tone={tone}>{KIND_LABEL[verdict.kind]}</Badge>
        {verdict.format && <span className="text-xs text-slate-600">{verdict.format.label}</span>}
      </div>
      <ul className="list-disc space-y-1 pl-5 text-sm text-slate-800">
        {verdict.reasons.map((r) => (
          <li key={r}>
            <Sentence text={r} />
          </li>
        ))}
        {verdict.contentTypeWarning && (
          <li className="text-amber-800">
            Warning: <Sentence text={verdict.contentTypeWarning} />
          </li>
        )}
      </ul>
      {verdict.fixes.length > 0 && (
        <div className="space-y-1">
          <h4 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Fixes</h4>
          <ul className="space-y-1.5 text-sm">
            {verdict.fixes.map((fix, i) => {
              const key = `${fix.kind}:${i}`;
              const actionable = runFix && (fix.kind === "add-type" || fix.kind === "redeploy");
              return (
                <li key={key} className="flex items-start gap-2">
                  {actionable ? (
                    <Button size="sm" className="shrink-0" variant={fix.kind === "redeploy" ? "primary" : "secondary"} disabled={busy !== null} onClick={() => run(key, fix)}>
                      {busy === key ? "Working…" : fixLabel(fix)}
                    </Button>
                  ) : (
                    <span className="shrink-0 font-medium">{fix.kind === "add-type" ? <>Add <code>{fix.mediaType}</code></> : fix.kind === "redeploy" ? <>Redeploy <code>{fix.stage}</code></> : fix.kind === "set-isBase64Encoded" ? "Set isBase64Encoded: true" : <>Send <code>Accept: {fix.accept}</code></>}</span>
                  )}
                  <span className="flex-1 pt-1 text-xs text-slate-600">
                    <Sentence text={fix.kind === "add-type" ? `Side effect: ${fix.sideEffect}.` : fix.kind === "redeploy" ? `Needed because ${fix.why}.` : fix.detail + "."} />
                  </span>
                </li>
              );
            })}
          </ul>
        </div>
      )}
      <p role="status" aria-live="polite" className={outcome ? (outcome.ok ? "text-sm text-green-800" : "text-sm text-red-700") : "sr-only"}>
        {outcome?.message ?? ""}
      </p>
    </section>
  );
}
