"use client";

import { useActionState } from "react";
import { removeBinaryMediaTypeAction } from "@/app/apis/[apiId]/actions";
import { initialActionState } from "@/app/apis/[apiId]/action-state";

/** One binary media type as a chip; its × is its own form (one `remove` patch per click). */
export function MediaTypeChip({ region, apiId, mediaType, readOnly }: { region: string; apiId: string; mediaType: string; readOnly: boolean }) {
  const [state, formAction, pending] = useActionState(removeBinaryMediaTypeAction, initialActionState);
  return (
    <li className="inline-flex flex-col">
      <form action={formAction} className="inline-flex items-center gap-1 rounded-full border border-sky-300 bg-sky-50 py-0.5 pr-1 pl-2.5 text-sm text-sky-950">
        <span className="font-mono">{mediaType}</span>
        <input type="hidden" name="region" value={region} />
        <input type="hidden" name="apiId" value={apiId} />
        <input type="hidden" name="mediaType" value={mediaType} />
        {readOnly ? null : (
          <button
            type="submit"
            disabled={pending}
            aria-label={`Remove ${mediaType}`}
            className="ml-1 inline-flex h-5 w-5 items-center justify-center rounded-full text-sky-900 hover:bg-sky-200 disabled:opacity-50"
          >
            {pending ? "…" : "×"}
          </button>
        )}
      </form>
      {state.ok === false ? (
        <span role="alert" className="mt-1 text-xs text-red-700">
          {state.message}
        </span>
      ) : null}
    </li>
  );
}
