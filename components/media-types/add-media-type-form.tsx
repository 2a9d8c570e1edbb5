"use client";

import { type RefObject, useState } from "react";
import type { ActionState } from "@/app/apis/[apiId]/action-state";
import { CommandLine } from "@/components/command-line";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { type CliTarget, updateRestApiCommand } from "@/lib/aws/cli-commands";
import { parseMediaType } from "@/lib/binary";

/** Presets shown as one-click fills (docs/architecture.md product item 2). */
export const MEDIA_TYPE_PRESETS = [
  "image/*",
  "image/png",
  "image/jpeg",
  "application/pdf",
  "application/octet-stream",
  "text/html",
  "*/*",
] as const;

// Which clients a choice serves (docs/aws-binary-rules.md §0 rule 4, §10); the side effect comes from lib/binary.
function clientNote(v: string): string | null {
  if (v === "*/*") return "Every client gets bytes, including fetch() and curl (they send */*).";
  if (v === "text/html") return "Browsers send text/html first when you open the URL in a tab, so a tab gets bytes.";
  if (v === "image/*") return "<img> loads (browsers send image/jxl, image/avif or image/webp first) get bytes.";
  if (v.startsWith("image/"))
    return `Only requests whose FIRST Accept value is ${v} get bytes: <img> tags send image/jxl, image/avif or image/webp first. Consider image/*.`;
  return null;
}

// The one side effect of an entry: request bodies whose Content-Type it matches reach the Lambda base64-encoded
// (docs/aws-binary-rules.md §0 rule 2). Stated once and exactly: text/html touches only bodies sent as text/html.
function requestSideEffect(v: string): string {
  if (v === "*/*") return "every request body (JSON included) then reaches the Lambda base64-encoded.";
  if (v.endsWith("/*")) return `every request body whose Content-Type is ${v} then reaches the Lambda base64-encoded.`;
  return `request bodies sent with Content-Type ${v} (and only those) then reach the Lambda base64-encoded.`;
}

function explanation(value: string): string | null {
  const parsed = parseMediaType(value);
  if (!parsed.ok) return null;
  const v = parsed.value;
  return [clientNote(v), `Side effect: ${requestSideEffect(v)}`, ...parsed.parsed.warnings].filter(Boolean).join(" ");
}

/**
 * The add form: free input validated on the server by lib/binary's parseMediaType, plus presets. Its
 * outcome is announced by the editor's one status region (`statusId`), which the input points at.
 */
export function AddMediaTypeForm({
  region,
  apiId,
  cli,
  state,
  formAction,
  pending,
  inputRef,
  statusId,
  showError,
}: {
  region: string;
  apiId: string;
  cli: CliTarget;
  state: ActionState;
  formAction: (formData: FormData) => void;
  pending: boolean;
  inputRef: RefObject<HTMLInputElement | null>;
  statusId: string;
  showError: boolean;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  const [seenAt, setSeenAt] = useState<number | undefined>(undefined);
  // A new result replaces what was typed with the value the action returned (docs/development.md G10).
  if (state.at !== seenAt) {
    setSeenAt(state.at);
    setDraft(null);
  }
  const value = draft ?? state.value ?? "";
  const invalid = showError && state.ok === false;
  const hint = explanation(value);
  // The CLI line is shown only for a type lib/binary accepts, in its canonical form.
  const parsedValue = parseMediaType(value);
  const commandType = parsedValue.ok ? parsedValue.value : "image/png";

  return (
    <form action={formAction} className="min-w-0 space-y-2" aria-label="Add a binary media type">
      <input type="hidden" name="region" value={region} />
      <input type="hidden" name="apiId" value={apiId} />
      <div className="flex flex-wrap items-end gap-2">
        <label className="flex max-w-full flex-col gap-1 text-sm font-medium text-slate-800 dark:text-slate-200">
          Media type
          <Input
            ref={inputRef}
            name="mediaType"
            value={value}
            onChange={(e) => setDraft(e.target.value)}
            placeholder="image/png"
            autoComplete="off"
            spellCheck={false}
            aria-invalid={invalid ? true : undefined}
            aria-describedby={`${statusId} media-type-hint`}
            className="w-64 font-mono"
          />
        </label>
        <Button type="submit" disabled={pending}>
          {pending ? "Adding…" : "Add"}
        </Button>
      </div>
      <div className="flex flex-wrap gap-1.5" role="group" aria-label="Presets">
        {MEDIA_TYPE_PRESETS.map((p) => (
          <Button
            key={p}
            variant="secondary"
            size="sm"
            className="font-mono"
            onClick={() => setDraft(p)}
            aria-label={`Use preset ${p}`}
          >
            {p}
          </Button>
        ))}
      </div>
      <p id="media-type-hint" className="text-xs text-amber-800 dark:text-amber-300" aria-live="polite">
        {hint}
      </p>
      <CommandLine command={updateRestApiCommand("add", apiId, commandType, cli)} />
    </form>
  );
}
