import { getDeployedStageConfigCached, listStagesCached } from "@/lib/aws/cached";
import { CLIENT_ACCEPT_PRESETS } from "@/lib/binary";
import { getConfig } from "@/lib/config";
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import { PreviewClient, type PreviewStage } from "./preview-client";

// API Gateway allows 10 stages per API (spec §8); reading them 3 at a time keeps under the 10/s quota's burst.
const CONCURRENCY = 3;

async function mapLimited<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]);
      }
    }),
  );
  return out;
}

/**
 * The Preview panel on an API's page: fetch a stage's response with any client's Accept, view it, and
 * see why it is (or is not) binary. Server component: reads the stages and what each really serves (its
 * deployment's routes and binary media types), then hands over to the interactive client.
 */
export async function PreviewPanel({ region, apiId }: { region: string; apiId: string }) {
  const stages = await listStagesCached(region, apiId);
  let body;
  if (!stages.ok) {
    body = <p className="text-sm text-red-700">The stages could not be read: {stages.error.message}</p>;
  } else if (stages.data.length === 0) {
    body = <p className="text-sm text-slate-600">This API has no stage yet: deploy it to a stage to preview its responses.</p>;
  } else {
    const configs: PreviewStage[] = await mapLimited(stages.data, CONCURRENCY, async (s) => {
      const c = await getDeployedStageConfigCached(region, apiId, s.stageName);
      return c.ok
        ? { stageName: s.stageName, routes: c.data.routes, binaryMediaTypes: c.data.binaryMediaTypes }
        : { stageName: s.stageName, routes: [], binaryMediaTypes: [], error: c.error.message };
    });
    const presets = CLIENT_ACCEPT_PRESETS.map((p) => ({ id: p.id, label: p.label, accept: p.accept }));
    body = <PreviewClient region={region} apiId={apiId} stages={configs} presets={presets} readOnly={getConfig().readOnly} />;
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
