"use client";

import { useActionState } from "react";
import { resetDemoAction } from "@/app/actions";
import { initialActionState } from "@/app/apis/[apiId]/action-state";
import { Button } from "@/components/ui/button";

/** The emulator target's "Reset demo data": replays the broken demo from the start (same API ids). */
export function ResetDemoForm() {
  const [state, formAction, pending] = useActionState(resetDemoAction, initialActionState);
  return (
    <form
      action={formAction}
      className="flex flex-wrap items-center gap-2 text-sm text-slate-700 dark:text-slate-300"
      aria-label="Demo data"
    >
      <span>Demo data on the local emulator:</span>
      <Button type="submit" variant="secondary" size="sm" disabled={pending}>
        {pending ? "Resetting…" : "Reset demo data"}
      </Button>
      <span className="text-xs text-slate-600 dark:text-slate-400">
        puts the binarygate-demo-* APIs back as first seeded, broken one included.
      </span>
      <p
        role="status"
        aria-live="polite"
        className={
          state.ok === false ? "w-full text-red-700 dark:text-red-400" : "w-full text-emerald-800 dark:text-emerald-400"
        }
      >
        {pending ? "Resetting the demo APIs…" : state.message}
      </p>
    </form>
  );
}
