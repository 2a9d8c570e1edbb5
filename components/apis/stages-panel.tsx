import { CommandLine } from "@/components/command-line";
import { CopyButton } from "@/components/copy-button";
import { FailureCard } from "@/components/failure-card";
import { RedeployForm } from "@/components/stages/redeploy-form";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import { getDeployedStageConfigCached, listDeploymentsCached, listStagesCached } from "@/lib/aws/cached";
import { createDeploymentCommand } from "@/lib/aws/cli-commands";
import { hasDrift, mediaTypeDrift } from "@/lib/aws/drift";
import { stageInvokeUrl } from "@/lib/aws/invoke-url";
import { cliTargetFor } from "@/lib/aws/target";
import type { AwsResult, DeployedStageConfig } from "@/lib/aws/types";
import { formatUtc } from "@/lib/format";

function when(iso: string | undefined): string {
  return iso ? formatUtc(iso) : "unknown time";
}

/**
 * Stages with their deployment, invoke URL, redeploy button and drift: the stage serves its deployment's
 * binary media types (read from its export, docs/aws-binary-rules.md §6.2), which may lag the API's
 * (docs/aws-binary-rules.md §6.1).
 */
export async function StagesPanel({
  region,
  apiId,
  binaryMediaTypes,
  readOnly,
  retryHref,
}: {
  region: string;
  apiId: string;
  binaryMediaTypes: string[];
  readOnly: boolean;
  retryHref: string;
}) {
  const [stages, deployments] = await Promise.all([
    listStagesCached(region, apiId),
    listDeploymentsCached(region, apiId),
  ]);
  if (!stages.ok) return <FailureCard error={stages.error} title="Stages could not be loaded" retryHref={retryHref} />;
  // Stages are at most 10 per API (docs/aws-binary-rules.md §8): one export each, in parallel, still under the quota.
  const exports: AwsResult<DeployedStageConfig>[] = await Promise.all(
    stages.data.map((s) => getDeployedStageConfigCached(region, apiId, s.stageName)),
  );
  const cli = cliTargetFor(region);
  const byId = new Map((deployments.ok ? deployments.data : []).map((d) => [d.id, d]));

  return (
    <Card aria-labelledby="stages-title">
      <CardHeader>
        <CardTitle id="stages-title">Stages</CardTitle>
      </CardHeader>
      <CardBody className="space-y-4">
        {stages.data.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">
            No stages yet: create a deployment with a stage name to get an invoke URL.
          </p>
        ) : null}
        {stages.data.map((stage, i) => {
          const exp = exports[i];
          const drift = exp.ok ? mediaTypeDrift(binaryMediaTypes, exp.data.binaryMediaTypes) : null;
          const deployment = stage.deploymentId ? byId.get(stage.deploymentId) : undefined;
          const url = stageInvokeUrl(region, apiId, stage.stageName, "/", "display");
          return (
            <section
              key={stage.stageName}
              aria-label={`Stage ${stage.stageName}`}
              data-testid={`stage-${stage.stageName}`}
              className="space-y-2 rounded-md border border-slate-200 p-3 dark:border-slate-700"
            >
              <div className="flex flex-wrap items-center justify-between gap-2">
                <div className="flex flex-wrap items-center gap-2">
                  <h3 className="font-mono text-base font-semibold">{stage.stageName}</h3>
                  {drift && hasDrift(drift) ? (
                    <Badge tone="warning" data-testid="drift-badge">
                      DRIFT · Redeploy to apply
                    </Badge>
                  ) : drift ? (
                    <Badge tone="success" data-testid="in-sync-badge">
                      in sync
                    </Badge>
                  ) : null}
                </div>
                {readOnly ? null : (
                  <RedeployForm
                    region={region}
                    apiId={apiId}
                    stageName={stage.stageName}
                    emphasise={Boolean(drift && hasDrift(drift))}
                  />
                )}
              </div>
              <p className="text-sm text-slate-700 dark:text-slate-300" data-testid="stage-deployment">
                Deployment <span className="font-mono">{stage.deploymentId ?? "none"}</span>
                {deployment ? ` · ${when(deployment.createdDate)}` : ""}
                {deployment?.description ? ` · ${deployment.description}` : ""}
              </p>
              {drift && hasDrift(drift) ? (
                <ul className="space-y-0.5 text-sm" aria-label={`Drift of ${stage.stageName}`}>
                  {drift.added.map((t) => (
                    <li key={`+${t}`} className="font-mono text-emerald-800 dark:text-emerald-400">
                      + {t}{" "}
                      <span className="font-sans text-xs text-slate-600 dark:text-slate-400">
                        (on the API, not yet deployed)
                      </span>
                    </li>
                  ))}
                  {drift.removed.map((t) => (
                    <li key={`-${t}`} className="font-mono text-red-800 dark:text-red-300">
                      − {t}{" "}
                      <span className="font-sans text-xs text-slate-600 dark:text-slate-400">
                        (still deployed, removed from the API)
                      </span>
                    </li>
                  ))}
                </ul>
              ) : null}
              {exp.ok ? (
                <p className="text-xs text-slate-600 dark:text-slate-400">
                  Deployed binary media types:{" "}
                  <span className="font-mono">
                    {exp.data.binaryMediaTypes.length ? exp.data.binaryMediaTypes.join(", ") : "none"}
                  </span>
                </p>
              ) : (
                <p className="text-xs text-red-700 dark:text-red-400">
                  Deployed configuration unavailable: {exp.error.message}
                </p>
              )}
              <div className="flex flex-wrap items-center gap-2 text-sm">
                <span className="text-slate-600 dark:text-slate-400">Invoke URL</span>
                <code className="font-mono text-xs break-all" data-testid="invoke-url">
                  {url}
                </code>
                <CopyButton text={url} label="Copy URL" />
              </div>
              <CommandLine command={createDeploymentCommand(apiId, stage.stageName, cli)} />
            </section>
          );
        })}
      </CardBody>
    </Card>
  );
}
