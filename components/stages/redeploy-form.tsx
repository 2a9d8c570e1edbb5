"use client";

import { useActionState } from "react";
import { redeployStageAction } from "@/app/apis/[apiId]/actions";
import { initialActionState } from "@/app/apis/[apiId]/action-state";
import { Button } from "@/components/ui/button";

/** One-click redeploy of a stage (CreateDeployment), with its pending state and result. */
export function RedeployForm({ region, apiId, stageName, emphasise }: { region: string; apiId: string; stageName: string; emphasise: boolean }) {
  const [state, formAction, pending] = useActionState(redeployStageAction, initialActionState);
  return (
    <form action={formAction} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="region" value={region} />
      <input type="hidden" name="apiId" value={apiId} />
      <input type="hidden" name="stageName" value={stageName} />
      <Button type="submit" variant={emphasise ? "primary" : "secondary"} size="sm" disabled={pending} aria-label={`Redeploy ${stageName}`}>
        {pending ? "Deploying…" : "Redeploy"}
      </Button>
      <span role="status" aria-live="polite" className={state.ok === false ? "text-xs text-red-700" : "text-xs text-emerald-800"}>
        {pending ? `Creating a deployment of ${stageName}…` : state.message}
      </span>
    </form>
  );
}
