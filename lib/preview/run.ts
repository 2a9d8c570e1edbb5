import "server-only";
import { getDeployedStageConfig, getRestApi } from "@/lib/aws/apigateway";
import { stageInvokeUrl } from "@/lib/aws/invoke-url";
import type { AwsFailure } from "@/lib/aws/types";
import { BUSY_MESSAGE, type PreviewMeta } from "./protocol";
import type { PreviewRequest } from "./request";
import { matchDeployedRoute } from "./route";
import { acquirePreviewSlot, fetchUpstream } from "./upstream";

export interface PreviewSuccess {
  meta: PreviewMeta;
  /** The stage's body, streamed; the slot is freed when it ends, fails, is cancelled or reaches the deadline. */
  body: ReadableStream<Uint8Array>;
}

export type PreviewFailure = { status: number; code: string; message: string };

type Outcome = { ok: true; data: PreviewSuccess } | { ok: false; error: PreviewFailure };

interface ResolvedTarget {
  url: string;
  displayUrl: string;
  routePath: string;
  deployedBinaryMediaTypes: string[];
  currentBinaryMediaTypes: string[];
}

type Resolved = { ok: true; data: ResolvedTarget } | { ok: false; error: PreviewFailure };

/**
 * Checks the API, the stage and the route exist on the target and the method is deployed (docs/security.md promise 4),
 * then builds the invoke URL itself: two control-plane calls, whatever the number of clients asked about.
 */
export async function resolvePreviewTarget(req: Omit<PreviewRequest, "accept">): Promise<Resolved> {
  const [api, deployed] = await Promise.all([
    getRestApi(req.region, req.apiId),
    getDeployedStageConfig(req.region, req.apiId, req.stage),
  ]);
  if (!api.ok) return failed(fromAws(api.error, `REST API ${req.apiId} was not found in ${req.region}`));
  if (!deployed.ok) return failed(fromAws(deployed.error, `Stage ${req.stage} was not found on REST API ${req.apiId}`));
  const route = matchDeployedRoute(req.path, deployed.data.routes);
  if (!route) {
    return failed({
      status: 404,
      code: "no-route",
      message: `${req.path} matches no route deployed on stage ${req.stage}`,
    });
  }
  if (!route.methods.includes(req.method) && !route.methods.includes("ANY")) {
    const deployedMethods = route.methods.join(", ") || "none";
    return failed({
      status: 405,
      code: "no-method",
      message: `${req.method} is not deployed on ${route.path} (deployed: ${deployedMethods})`,
    });
  }
  return {
    ok: true,
    data: {
      url: stageInvokeUrl(req.region, req.apiId, req.stage, req.path, "fetch"),
      displayUrl: stageInvokeUrl(req.region, req.apiId, req.stage, req.path, "display"),
      routePath: route.path,
      deployedBinaryMediaTypes: deployed.data.binaryMediaTypes,
      currentBinaryMediaTypes: api.data.binaryMediaTypes,
    },
  };
}

/** Runs one preview: a slot, the target checked, then the stage fetched with the requested Accept. */
export async function runPreview(req: PreviewRequest): Promise<Outcome> {
  const release = acquirePreviewSlot();
  if (!release) return { ok: false, error: { status: 429, code: "busy", message: BUSY_MESSAGE } };
  let handedOff = false;
  try {
    const target = await resolvePreviewTarget(req);
    if (!target.ok) return target;
    const t = target.data;
    handedOff = true;
    const up = await fetchUpstream(t.url, { method: req.method, accept: req.accept, onDone: release });
    if (!up.ok) return failed({ status: up.error.code === "timeout" ? 504 : 502, ...up.error });
    const meta: PreviewMeta = {
      status: up.data.status,
      headers: up.data.headers,
      upstreamMs: up.data.elapsedMs,
      invokeUrl: t.displayUrl,
      routePath: t.routePath,
      deployedBinaryMediaTypes: t.deployedBinaryMediaTypes,
      currentBinaryMediaTypes: t.currentBinaryMediaTypes,
    };
    return { ok: true, data: { meta, body: up.data.body } };
  } finally {
    if (!handedOff) release();
  }
}

function failed(error: PreviewFailure): { ok: false; error: PreviewFailure } {
  return { ok: false, error };
}

function fromAws(error: AwsFailure, notFound: string): PreviewFailure {
  if (error.code === "not-found") return { status: 404, code: "not-found", message: notFound };
  if (error.code === "throttled") return { status: 429, code: "throttled", message: error.message };
  return { status: 502, code: error.code, message: error.message };
}
