"use client";

import { useActionState, useId } from "react";
import { redeployStageAction, rollbackStageAction } from "@/app/apis/[apiId]/actions";
import { initialActionState } from "@/app/apis/[apiId]/action-state";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

/**
 * Redeploy of a stage (CreateDeployment) with an optional description, its pending state and result in
 * the stage's live region, and after it "Roll back" to the deployment the stage served before (UpdateStage).
 */
export function RedeployForm({
  region,
  apiId,
  stageName,
  emphasise,
}: {
  region: string;
  apiId: string;
  stageName: string;
  emphasise: boolean;
}) {
  const [state, formAction, pending] = useActionState(redeployStageAction, initialActionState);
  const [rollback, rollbackAction, rollingBack] = useActionState(rollbackStageAction, initialActionState);
  const descriptionId = useId();
  const latest = (rollback.at ?? 0) > (state.at ?? 0) ? rollback : state;
  const busy = pending || rollingBack;
  const previous = latest === state && state.ok ? state.previousDeploymentId : undefined;
  return (
    <div className="flex min-w-0 flex-col items-start gap-1 sm:items-end">
      <form action={formAction} className="flex flex-wrap items-end gap-2">
        <input type="hidden" name="region" value={region} />
        <input type="hidden" name="apiId" value={apiId} />
        <input type="hidden" name="stageName" value={stageName} />
        <label
          htmlFor={descriptionId}
          className="flex flex-col gap-0.5 text-xs font-medium text-slate-700 dark:text-slate-300"
        >
          Description (optional)
          <Input
            id={descriptionId}
            name="description"
            maxLength={200}
            placeholder="Redeployed from BinaryGate"
            className="h-7 w-56 text-xs"
          />
        </label>
        <Button
          type="submit"
          variant={emphasise ? "primary" : "secondary"}
          size="sm"
          disabled={busy}
          aria-label={`Redeploy ${stageName}`}
        >
          {pending ? "Deploying…" : "Redeploy"}
        </Button>
      </form>
      <div className="flex flex-wrap items-center gap-2">
        <span
          role="status"
          aria-live="polite"
          className={
            latest.ok === false
              ? "text-xs text-red-700 dark:text-red-400"
              : "text-xs text-emerald-800 dark:text-emerald-400"
          }
        >
          {pending
            ? `Creating a deployment of ${stageName}…`
            : rollingBack
              ? `Rolling ${stageName} back…`
              : latest.message}
        </span>
        {previous && !busy ? (
          <form action={rollbackAction}>
            <input type="hidden" name="region" value={region} />
            <input type="hidden" name="apiId" value={apiId} />
            <input type="hidden" name="stageName" value={stageName} />
            <input type="hidden" name="deploymentId" value={previous} />
            <Button type="submit" variant="secondary" size="sm">
              Roll back to {previous}
            </Button>
          </form>
        ) : null}
      </div>
    </div>
  );
}
