import { FailureCard } from "@/components/failure-card";
import { ServeDeploymentForm } from "@/components/stages/serve-deployment-form";
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import { countOf } from "@/components/ui/format";
import { Table, Td, Th } from "@/components/ui/table";
import { listDeploymentsCached, listStagesCached } from "@/lib/aws/cached";
import { getConfig } from "@/lib/config";

/** Deployment history, newest first, with the stages each serves and a rollback of any stage to any row. */
export async function DeploymentsPanel({
  region,
  apiId,
  retryHref,
}: {
  region: string;
  apiId: string;
  retryHref: string;
}) {
  const [deployments, stages] = await Promise.all([
    listDeploymentsCached(region, apiId),
    listStagesCached(region, apiId),
  ]);
  if (!deployments.ok)
    return <FailureCard error={deployments.error} title="Deployments could not be loaded" retryHref={retryHref} />;
  const stageList = stages.ok ? stages.data : [];
  const servedBy = new Map<string, string[]>();
  for (const s of stageList) {
    if (s.deploymentId) servedBy.set(s.deploymentId, [...(servedBy.get(s.deploymentId) ?? []), s.stageName]);
  }
  const created = new Map(deployments.data.map((d) => [d.id, d.createdDate ?? ""]));
  // A rollback needs somewhere to go: another deployment than the one served.
  const canRollBack = !getConfig().readOnly && deployments.data.length > 1;
  return (
    <Card aria-labelledby="deployments-title">
      <CardHeader>
        <CardTitle id="deployments-title">Deployment history</CardTitle>
        <span className="text-xs text-slate-600 dark:text-slate-400">
          {countOf(deployments.data.length, "deployment")}
        </span>
      </CardHeader>
      <CardBody>
        {deployments.data.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">No deployments yet.</p>
        ) : (
          <Table data-testid="deployment-history" label="Deployments table">
            <thead>
              <tr>
                <Th>Deployment</Th>
                <Th>Created</Th>
                <Th>Description</Th>
                <Th>Serving</Th>
                {canRollBack ? <Th>Roll back</Th> : null}
              </tr>
            </thead>
            <tbody>
              {deployments.data.slice(0, 50).map((d) => (
                <tr key={d.id}>
                  <Td label="Deployment" className="font-mono text-xs">
                    {d.id}
                  </Td>
                  <Td label="Created" className="text-xs whitespace-nowrap">
                    {d.createdDate ? `${d.createdDate.slice(0, 19).replace("T", " ")} UTC` : ""}
                  </Td>
                  <Td label="Description" className="text-slate-600 dark:text-slate-400">
                    {d.description ?? ""}
                  </Td>
                  <Td label="Serving" className="font-mono text-xs">
                    {(servedBy.get(d.id) ?? []).join(", ")}
                  </Td>
                  {canRollBack ? (
                    <Td label="Roll back">
                      <div className="flex flex-col items-start gap-1">
                        {stageList
                          .filter((s) => s.deploymentId !== d.id)
                          .map((s) => (
                            <ServeDeploymentForm
                              key={s.stageName}
                              region={region}
                              apiId={apiId}
                              stageName={s.stageName}
                              deploymentId={d.id}
                              older={(d.createdDate ?? "") < (created.get(s.deploymentId ?? "") ?? "")}
                            />
                          ))}
                      </div>
                    </Td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </CardBody>
    </Card>
  );
}
