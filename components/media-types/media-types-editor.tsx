"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import { addBinaryMediaTypeAction, removeBinaryMediaTypeAction } from "@/app/apis/[apiId]/actions";
import { type ActionState, initialActionState } from "@/app/apis/[apiId]/action-state";
import { AddMediaTypeForm } from "@/components/media-types/add-media-type-form";
import { MediaTypeChip } from "@/components/media-types/remove-media-type-form";
import { Button } from "@/components/ui/button";
import type { CliTarget } from "@/lib/aws/cli-commands";

const STATUS_ID = "media-type-status";

/**
 * The API's binary media types as removable chips and the add form, with ONE live region that announces
 * the latest add, remove or undo (never a stale one), an Undo after each change, a confirmation step the
 * server asks for (adding *\/*, removing a type a stage still serves), and focus that lands on the next
 * chip or the field after each change, never on <body>.
 */
export function MediaTypesEditor({
  region,
  apiId,
  binaryMediaTypes,
  readOnly,
  cli,
}: {
  region: string;
  apiId: string;
  binaryMediaTypes: string[];
  readOnly: boolean;
  cli: CliTarget;
}) {
  const [addState, addAction, adding] = useActionState(addBinaryMediaTypeAction, initialActionState);
  const [removeState, removeAction, removing] = useActionState(removeBinaryMediaTypeAction, initialActionState);
  const [dismissedAt, setDismissedAt] = useState<number | undefined>(undefined);
  const inputRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const removedIndex = useRef<number | null>(null);

  const latestIsAdd = (addState.at ?? 0) >= (removeState.at ?? 0);
  const latest: ActionState = latestIsAdd ? addState : removeState;
  const pending = adding || removing;
  const asking = latest.confirm && latest.at !== dismissedAt ? latest : null;

  useEffect(() => {
    if (latest.at === undefined) return;
    if (asking) {
      confirmRef.current?.focus();
      return;
    }
    const buttons = listRef.current?.querySelectorAll<HTMLButtonElement>("button[data-chip-remove]") ?? [];
    const index = removedIndex.current;
    removedIndex.current = null;
    // After a removal: the chip that took its place, else the one before it, else the field.
    if (!latestIsAdd && index !== null && buttons.length > 0) buttons[Math.min(index, buttons.length - 1)].focus();
    else if (
      !document.activeElement ||
      document.activeElement === document.body ||
      !document.activeElement.isConnected
    ) {
      inputRef.current?.focus();
    }
    // Runs once per result; the refs are read, not tracked.
  }, [latest.at, latestIsAdd, asking]);

  const confirmAction = latestIsAdd ? addAction : removeAction;
  const undoAction = latest.undo?.op === "add" ? addAction : removeAction;
  const tone =
    latest.ok === false
      ? "text-red-700 dark:text-red-400"
      : latest.ok === null
        ? "text-amber-800 dark:text-amber-300"
        : "text-emerald-800 dark:text-emerald-400";

  return (
    <div className="space-y-3">
      {binaryMediaTypes.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="no-media-types">
          None: every Lambda response body is sent as text, even with isBase64Encoded: true.
        </p>
      ) : (
        <ul ref={listRef} className="flex flex-wrap gap-2" aria-label="Binary media types">
          {binaryMediaTypes.map((t, i) => (
            <MediaTypeChip
              key={t}
              region={region}
              apiId={apiId}
              mediaType={t}
              readOnly={readOnly}
              formAction={removeAction}
              pending={pending}
              onRemove={() => {
                removedIndex.current = i;
              }}
            />
          ))}
        </ul>
      )}
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <p id={STATUS_ID} role="status" aria-live="polite" className={`min-w-0 ${tone}`}>
          {pending ? (adding ? "Adding…" : "Removing…") : latest.message}
        </p>
        {!pending && latest.ok && latest.undo ? (
          <form action={undoAction} className="inline" data-testid="undo-toast">
            <input type="hidden" name="region" value={region} />
            <input type="hidden" name="apiId" value={apiId} />
            <input type="hidden" name="mediaType" value={latest.undo.mediaType} />
            {/* Undo restores exactly what was there: no confirmation again. */}
            <input type="hidden" name="confirm" value="1" />
            <Button type="submit" variant="secondary" size="sm">
              Undo
            </Button>
          </form>
        ) : null}
      </div>
      {asking && !pending ? (
        <form action={confirmAction} className="flex flex-wrap gap-2" aria-label="Confirm the change">
          <input type="hidden" name="region" value={region} />
          <input type="hidden" name="apiId" value={apiId} />
          <input type="hidden" name="mediaType" value={asking.value ?? ""} />
          <input type="hidden" name="confirm" value="1" />
          <Button ref={confirmRef} type="submit" variant="danger" size="sm">
            {latestIsAdd ? `Add ${asking.value} anyway` : `Remove ${asking.value}`}
          </Button>
          <Button
            variant="secondary"
            size="sm"
            onClick={() => {
              setDismissedAt(asking.at);
              inputRef.current?.focus();
            }}
          >
            Cancel
          </Button>
        </form>
      ) : null}
      {readOnly ? (
        <p className="text-sm text-amber-800 dark:text-amber-300">Read-only mode: adding and removing are disabled.</p>
      ) : (
        <AddMediaTypeForm
          region={region}
          apiId={apiId}
          cli={cli}
          state={addState}
          formAction={addAction}
          pending={adding}
          inputRef={inputRef}
          statusId={STATUS_ID}
          showError={latestIsAdd}
        />
      )}
    </div>
  );
}
