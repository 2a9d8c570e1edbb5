"use client";

import { useActionState } from "react";
import { rollbackStageAction } from "@/app/apis/[apiId]/actions";
import { initialActionState } from "@/app/apis/[apiId]/action-state";
import { Button } from "@/components/ui/button";

/** A deployment-history row's "Roll prod back to this": UpdateStage pointing the stage at this deployment. */
export function ServeDeploymentForm({
  region,
  apiId,
  stageName,
  deploymentId,
  older,
}: {
  region: string;
  apiId: string;
  stageName: string;
  deploymentId: string;
  older: boolean;
}) {
  const [state, formAction, pending] = useActionState(rollbackStageAction, initialActionState);
  const verb = older ? `Roll ${stageName} back to this` : `Move ${stageName} to this`;
  return (
    <form action={formAction} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="region" value={region} />
      <input type="hidden" name="apiId" value={apiId} />
      <input type="hidden" name="stageName" value={stageName} />
      <input type="hidden" name="deploymentId" value={deploymentId} />
      <Button
        type="submit"
        variant="secondary"
        size="sm"
        disabled={pending}
        aria-label={`${verb} deployment ${deploymentId}`}
      >
        {pending ? "Switching…" : verb}
      </Button>
      <span
        role="status"
        aria-live="polite"
        className={
          state.ok === false
            ? "text-xs text-red-700 dark:text-red-400"
            : "text-xs text-emerald-800 dark:text-emerald-400"
        }
      >
        {state.ok === false ? state.message : ""}
      </span>
    </form>
  );
}
