"use client";

import { Fragment, useState } from "react";
import type { Verdict } from "@/lib/binary/verdict";
import type { FixOutcome } from "@/lib/preview/fix-input";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { type FixStep, fixLabel, planFixes } from "./fixes";

/** Renders `code` spans of a reason sentence as <code>. */
export function Sentence({ text }: { text: string }) {
  const parts = text.split("`");
  return (
    <>
      {parts.map((p, i) =>
        i % 2 === 1 ? (
          <code key={i} className="rounded bg-slate-100 px-1 font-mono text-[0.85em]">
            {p}
          </code>
        ) : (
          <Fragment key={i}>{p}</Fragment>
        ),
      )}
    </>
  );
}

const KIND_LABEL: Record<Verdict["kind"], string> = {
  binary: "Binary",
  text: "Text",
  "base64-of-binary": "Base64 text that should have been binary",
};

/** Applies one fix (a typed server action underneath); absent in read-only mode. */
export type FixRunner = (step: FixStep) => Promise<FixOutcome>;

/** The verdict, its reasons and its fixes: one primary button that really fixes, then the alternatives. */
export function VerdictView({ verdict, runFix }: { verdict: Verdict; runFix?: FixRunner }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<FixOutcome | null>(null);
  const plan = planFixes(verdict);
  const tone = verdict.kind === "binary" ? "success" : verdict.kind === "base64-of-binary" ? "danger" : "neutral";

  const run = async (step: FixStep) => {
    if (!runFix) return;
    setBusy(fixLabel(step));
    setOutcome(null);
    try {
      setOutcome(await runFix(step));
    } finally {
      setBusy(null);
    }
  };
  const button = (step: FixStep, variant: "primary" | "secondary") => (
    <Button size="sm" className="shrink-0" variant={variant} disabled={busy !== null} onClick={() => run(step)}>
      {busy === fixLabel(step) ? "Working…" : fixLabel(step)}
    </Button>
  );
  const effect = (step: FixStep) =>
    step.kind === "redeploy" ? `Needed because ${step.why}.` : `Side effect: ${step.sideEffect}.`;

  return (
    <section
      aria-label="Verdict"
      className="space-y-2 rounded-md border border-slate-200 p-3"
      data-testid="verdict"
      data-kind={verdict.kind}
    >
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
      {plan.primary && (
        <div className="flex flex-wrap items-start gap-2" data-testid="primary-fix">
          {runFix ? button(plan.primary, "primary") : <strong className="text-sm">{fixLabel(plan.primary)}</strong>}
          <span className="flex-1 pt-1 text-xs text-slate-600">
            <Sentence text={effect(plan.primary)} />
          </span>
        </div>
      )}
      <p
        role="status"
        aria-live="polite"
        className={outcome ? (outcome.ok ? "text-sm text-green-800" : "text-sm text-red-700") : "sr-only"}
      >
        {outcome?.message ?? ""}
      </p>
      <OtherFixes plan={plan} button={runFix ? button : undefined} effect={effect} />
    </section>
  );
}

function OtherFixes({
  plan,
  button,
  effect,
}: {
  plan: ReturnType<typeof planFixes>;
  button?: (step: FixStep, variant: "primary" | "secondary") => React.ReactNode;
  effect: (step: FixStep) => string;
}) {
  const others = [...plan.alternatives, ...plan.steps];
  if (others.length === 0 && plan.manual.length === 0) return null;
  return (
    <details className="text-sm" open={!plan.primary}>
      <summary className="cursor-pointer text-xs font-semibold uppercase tracking-wide text-slate-500">
        {plan.primary ? "Other fixes, or one step at a time" : "Fixes"}
      </summary>
      <ul className="mt-1 space-y-1.5">
        {others.map((step) => (
          <li key={fixLabel(step)} className="flex items-start gap-2">
            {button ? button(step, "secondary") : <span className="shrink-0 font-medium">{fixLabel(step)}</span>}
            <span className="flex-1 pt-1 text-xs text-slate-600">
              <Sentence text={effect(step)} />
            </span>
          </li>
        ))}
        {plan.manual.map((fix) => (
          <li key={fix.kind + fix.detail} className="flex items-start gap-2">
            <span className="shrink-0 font-medium">
              {fix.kind === "set-isBase64Encoded" ? (
                "Set isBase64Encoded: true"
              ) : (
                <>
                  Send <code>Accept: {fix.accept}</code>
                </>
              )}
            </span>
            <span className="flex-1 pt-1 text-xs text-slate-600">
              <Sentence text={`${fix.detail}.`} />
            </span>
          </li>
        ))}
      </ul>
    </details>
  );
}
