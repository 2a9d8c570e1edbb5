"use client";

/** One binary media type as a chip; its × is its own form (one `remove` patch per click), sharing the editor's action. */
export function MediaTypeChip({
  region,
  apiId,
  mediaType,
  readOnly,
  formAction,
  pending,
  onRemove,
}: {
  region: string;
  apiId: string;
  mediaType: string;
  readOnly: boolean;
  formAction: (formData: FormData) => void;
  pending: boolean;
  onRemove: () => void;
}) {
  return (
    <li className="inline-flex max-w-full">
      <form
        action={formAction}
        className={
          "inline-flex max-w-full items-center gap-1 rounded-full border border-sky-300 bg-sky-50 py-0.5 pr-1 pl-2.5 text-sm " +
          "text-sky-950 dark:border-sky-700 dark:bg-sky-950 dark:text-sky-100"
        }
      >
        <span className="font-mono [overflow-wrap:anywhere]">{mediaType}</span>
        <input type="hidden" name="region" value={region} />
        <input type="hidden" name="apiId" value={apiId} />
        <input type="hidden" name="mediaType" value={mediaType} />
        {readOnly ? null : (
          <button
            type="submit"
            disabled={pending}
            onClick={onRemove}
            aria-label={`Remove ${mediaType}`}
            data-chip-remove
            className={
              "ml-1 inline-flex h-6 w-6 shrink-0 items-center justify-center rounded-full text-sky-900 hover:bg-sky-200 " +
              "focus-visible:outline-2 focus-visible:outline-sky-600 disabled:opacity-50 dark:text-sky-100 dark:hover:bg-sky-800"
            }
          >
            ×
          </button>
        )}
      </form>
    </li>
  );
}
