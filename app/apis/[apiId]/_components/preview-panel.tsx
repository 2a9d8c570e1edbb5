import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import { PreviewClient } from "@/components/preview/preview-client";
import type { PreviewStage, PreviewUrlState } from "@/components/preview/types";
import { getDeployedStageConfigCached, listStagesCached } from "@/lib/aws/cached";
import { CLIENT_ACCEPT_PRESETS } from "@/lib/binary";
import { getConfig } from "@/lib/config";
import { applyPreviewFixAction } from "../preview-actions";

/**
 * The Preview panel of an API's page (route-coupled: it wires the route's fix action): reads the stages and
 * what each really serves (its deployment's routes and binary media types; lib/aws's limiter keeps the reads
 * under the quota), then hands over to the interactive client, started from the URL's preview state.
 */
export async function PreviewPanel({
  region,
  apiId,
  initial,
}: {
  region: string;
  apiId: string;
  initial: PreviewUrlState;
}) {
  const stages = await listStagesCached(region, apiId);
  const config = getConfig();
  let body: React.ReactNode;
  if (!stages.ok) {
    body = <p className="text-sm text-red-700">The stages could not be read: {stages.error.message}</p>;
  } else if (stages.data.length === 0) {
    body = (
      <p className="text-sm text-slate-600">
        This API has no stage yet: deploy it to a stage to preview its responses.
      </p>
    );
  } else {
    const configs: PreviewStage[] = await Promise.all(
      stages.data.map(async (s) => {
        const c = await getDeployedStageConfigCached(region, apiId, s.stageName);
        return c.ok
          ? { stageName: s.stageName, routes: c.data.routes, binaryMediaTypes: c.data.binaryMediaTypes }
          : { stageName: s.stageName, routes: [], binaryMediaTypes: [], error: c.error.message };
      }),
    );
    const presets = CLIENT_ACCEPT_PRESETS.map((p) => ({ id: p.id, label: p.label, accept: p.accept }));
    body = (
      <PreviewClient
        region={region}
        apiId={apiId}
        stages={configs}
        presets={presets}
        initial={initial}
        autoRun={config.target === "local"}
        applyFix={config.readOnly ? undefined : applyPreviewFixAction}
      />
    );
  }
  return (
    <Card aria-labelledby="preview-title">
      <CardHeader>
        <CardTitle id="preview-title">Preview</CardTitle>
        <span className="text-xs text-slate-500">What a client really receives from a stage, and why</span>
      </CardHeader>
      <CardBody>{body}</CardBody>
    </Card>
  );
}
