import { CopyButton } from "@/components/copy-button";
import { type FixInput, type FixKind, type Owner, liveChangeWarning, snippetsFor } from "@/lib/iac";

const HEADINGS: Record<FixKind, string> = {
  "binary-media-types": "Make this change in your infrastructure code",
  streaming: "Turn on response streaming in your infrastructure code",
  "options-content-handling": "Fix the CORS preflight in your infrastructure code",
};

/**
 * The fix as code for an API's owner: the warning that the next deploy reverts a live change, then the owner's
 * snippets (every tool's when the owner is unknown), each with a copy button and its documentation link.
 */
export function FixAsCode({ owner, fix, input }: { owner: Owner; fix: FixKind; input: FixInput }) {
  const snippets = snippetsFor(fix, input, owner.tools.length > 0 ? owner.tools : undefined);
  return (
    <section aria-label={HEADINGS[fix]} className="space-y-3">
      <p role="note" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
        {liveChangeWarning(owner)}
      </p>
      <h3 className="text-sm font-semibold">{HEADINGS[fix]}</h3>
      {snippets.length === 0 ? (
        <p className="text-sm text-slate-700">
          {owner.label} has no setting for this fix; apply it live after each deploy.
        </p>
      ) : (
        snippets.map((s, i) => (
          <details key={s.title} open={i === 0} className="rounded-md border border-slate-200">
            <summary className="cursor-pointer px-3 py-2 text-sm font-medium">{s.title}</summary>
            <div className="space-y-2 px-3 pb-3">
              <pre
                data-testid={`snippet-${s.tool}`}
                className="overflow-x-auto rounded bg-slate-900 p-3 text-xs text-slate-100"
              >
                <code data-language={s.language}>{s.code}</code>
              </pre>
              <div className="flex flex-wrap items-center gap-3 text-sm">
                <CopyButton text={s.code} label="Copy" ariaLabel={`Copy the ${s.title} snippet`} />
                <a href={s.docsUrl} target="_blank" rel="noreferrer" className="text-sky-800 underline">
                  Documentation
                </a>
              </div>
              {s.note ? <p className="text-xs text-slate-600">{s.note}</p> : null}
            </div>
          </details>
        ))
      )}
    </section>
  );
}
