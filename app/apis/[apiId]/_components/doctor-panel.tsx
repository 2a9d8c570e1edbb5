import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import { getDeployedStageConfigCached, listStagesCached } from "@/lib/aws/cached";
import { getConfig } from "@/lib/config";
import { applyDoctorFixAction, runDoctorAction } from "../doctor-actions";
import { DoctorClient, type DoctorStage } from "./doctor-client";

/**
 * The Doctor panel of an API's page: for one method and client, which layer fails — the Lambda's output, its
 * framework adapter, the permission, API Gateway, the size — with each cause and fix. Reads the stages (cached,
 * shared with the preview) and hands over to the interactive client, wired to the route's actions.
 */
export async function DoctorPanel({ region, apiId }: { region: string; apiId: string }) {
  const stages = await listStagesCached(region, apiId);
  const config = getConfig();
  let body: React.ReactNode;
  if (!stages.ok) {
    body = <p className="text-sm text-red-700">The stages could not be read: {stages.error.message}</p>;
  } else if (stages.data.length === 0) {
    body = (
      <p className="text-sm text-slate-600">This API has no stage yet: deploy it to a stage to examine a method.</p>
    );
  } else {
    const configs: DoctorStage[] = await Promise.all(
      stages.data.map(async (s) => {
        const c = await getDeployedStageConfigCached(region, apiId, s.stageName);
        return {
          stageName: s.stageName,
          routes: c.ok ? c.data.routes : [],
          binaryMediaTypes: c.ok ? c.data.binaryMediaTypes : [],
        };
      }),
    );
    body = (
      <DoctorClient
        region={region}
        apiId={apiId}
        stages={configs}
        target={config.target}
        run={runDoctorAction}
        applyFix={config.readOnly ? undefined : applyDoctorFixAction}
      />
    );
  }
  return (
    <Card aria-labelledby="doctor-title">
      <CardHeader>
        <CardTitle id="doctor-title">Doctor</CardTitle>
        <span className="text-xs text-slate-500">Which layer breaks this method's binary responses, and the fix</span>
      </CardHeader>
      <CardBody>{body}</CardBody>
    </Card>
  );
}
