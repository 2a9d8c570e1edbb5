import { FailureCard } from "@/components/failure-card";
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { listDeploymentsCached, listStagesCached } from "@/lib/aws/cached";

/** Deployment history, newest first, with the stages each deployment currently serves. */
export async function DeploymentsPanel({ region, apiId, retryHref }: { region: string; apiId: string; retryHref: string }) {
  const [deployments, stages] = await Promise.all([listDeploymentsCached(region, apiId), listStagesCached(region, apiId)]);
  if (!deployments.ok) return <FailureCard error={deployments.error} title="Deployments could not be loaded" retryHref={retryHref} />;
  const servedBy = new Map<string, string[]>();
  for (const s of stages.ok ? stages.data : []) {
    if (s.deploymentId) servedBy.set(s.deploymentId, [...(servedBy.get(s.deploymentId) ?? []), s.stageName]);
  }
  return (
    <Card aria-labelledby="deployments-title">
      <CardHeader>
        <CardTitle id="deployments-title">Deployment history</CardTitle>
        <span className="text-xs text-slate-600">{deployments.data.length} deployments</span>
      </CardHeader>
      <CardBody>
        {deployments.data.length === 0 ? (
          <p className="text-sm text-slate-600">No deployments yet.</p>
        ) : (
          <Table data-testid="deployment-history">
            <thead>
              <tr>
                <Th>Deployment</Th>
                <Th>Created</Th>
                <Th>Description</Th>
                <Th>Serving</Th>
              </tr>
            </thead>
            <tbody>
              {deployments.data.slice(0, 50).map((d) => (
                <tr key={d.id}>
                  <Td className="font-mono text-xs">{d.id}</Td>
                  <Td className="text-xs whitespace-nowrap">{d.createdDate ? `${d.createdDate.slice(0, 19).replace("T", " ")} UTC` : ""}</Td>
                  <Td className="text-slate-600">{d.description ?? ""}</Td>
                  <Td className="font-mono text-xs">{(servedBy.get(d.id) ?? []).join(", ")}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </CardBody>
    </Card>
  );
}
