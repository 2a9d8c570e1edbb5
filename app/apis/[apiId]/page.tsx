import { notFound } from "next/navigation";
import { connection } from "next/server";
import { Suspense } from "react";
import { FailureCard } from "@/components/failure-card";
import { OwnerBadge } from "@/components/iac/owner-badge";
import { UnknownRegion } from "@/components/apis/unknown-region";
import { DeploymentsPanel } from "@/app/apis/[apiId]/_components/deployments-panel";
import { MediaTypesPanel } from "@/app/apis/[apiId]/_components/media-types-panel";
import { PanelSkeleton } from "@/components/apis/panel-skeleton";
import { PanelErrorBoundary } from "@/components/panel-error-boundary";
import { ResourcesPanel } from "@/components/apis/resources-panel";
import { StagesPanel } from "@/app/apis/[apiId]/_components/stages-panel";
import { ApiIdSchema, ApiPageQuerySchema } from "@/lib/aws/inputs";
import { isAwsRegion } from "@/lib/aws/regions";
import { getConfig } from "@/lib/config";
import { getApiCached } from "@/lib/aws/cached";
import { parsePreviewUrlState } from "@/lib/preview/request";
import { DoctorPanel } from "./_components/doctor-panel";
import { PreviewPanel } from "./_components/preview-panel";

type Params = Promise<{ apiId: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** `/apis/[apiId]`: the preview first, then binary media types, stages with drift and redeploy, resources, deployments. */
export default async function ApiPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  await connection();
  const { apiId: rawId } = await params;
  const idParsed = ApiIdSchema.safeParse(rawId);
  if (!idParsed.success) notFound();
  const apiId = idParsed.data;
  const search = await searchParams;
  const query = ApiPageQuerySchema.safeParse(search);
  const config = getConfig();
  if (!query.success) {
    return <UnknownRegion hrefFor={(r) => `/apis/${apiId}?region=${r}`} />;
  }
  const region = query.data.region ?? (isAwsRegion(config.defaultRegion) ? config.defaultRegion : "us-east-1");
  const self = `/apis/${apiId}?region=${region}`;

  const api = await getApiCached(region, apiId);
  if (!api.ok && api.error.code === "not-found") notFound();
  if (!api.ok) {
    return (
      <div className="space-y-3">
        <BackLink region={region} />
        <h1 className="text-2xl font-semibold tracking-tight">REST API {apiId}</h1>
        <FailureCard error={api.error} retryHref={self} />
      </div>
    );
  }
  const readOnly = config.readOnly;

  return (
    <div className="space-y-5">
      <div className="space-y-1">
        <BackLink region={region} />
        <div className="flex flex-wrap items-center gap-2">
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900 dark:text-slate-100">
            {api.data.name || apiId}
          </h1>
          <OwnerBadge owner={api.data.owner} />
        </div>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          <span className="font-mono">{apiId}</span> · {region}
          {api.data.description ? ` · ${api.data.description}` : ""}
        </p>
      </div>

      <PanelErrorBoundary title="Preview">
        <Suspense fallback={<PanelSkeleton title="Preview" />}>
          <PreviewPanel region={region} apiId={apiId} initial={parsePreviewUrlState(search)} />
        </Suspense>
      </PanelErrorBoundary>

      <PanelErrorBoundary title="Doctor">
        <Suspense fallback={<PanelSkeleton title="Doctor" />}>
          <DoctorPanel region={region} apiId={apiId} />
        </Suspense>
      </PanelErrorBoundary>

      <MediaTypesPanel region={region} apiId={apiId} binaryMediaTypes={api.data.binaryMediaTypes} readOnly={readOnly} />

      <PanelErrorBoundary title="Stages">
        <Suspense fallback={<PanelSkeleton title="Stages" />}>
          <StagesPanel
            region={region}
            apiId={apiId}
            binaryMediaTypes={api.data.binaryMediaTypes}
            readOnly={readOnly}
            retryHref={self}
          />
        </Suspense>
      </PanelErrorBoundary>

      <PanelErrorBoundary title="Resources and methods">
        <Suspense fallback={<PanelSkeleton title="Resources and methods" />}>
          <ResourcesPanel region={region} apiId={apiId} retryHref={self} />
        </Suspense>
      </PanelErrorBoundary>

      <PanelErrorBoundary title="Deployment history">
        <Suspense fallback={<PanelSkeleton title="Deployment history" />}>
          <DeploymentsPanel region={region} apiId={apiId} retryHref={self} />
        </Suspense>
      </PanelErrorBoundary>
    </div>
  );
}

function BackLink({ region }: { region: string }) {
  return (
    <a href={`/?region=${region}`} className="text-sm text-sky-800 hover:underline dark:text-sky-300">
      ← All REST APIs in {region}
    </a>
  );
}
