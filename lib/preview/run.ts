import "server-only";
import { getDeployedStageConfig, getRestApi, getStage } from "@/lib/aws/apigateway";
import { signExecuteApiRequest } from "@/lib/aws/sign";
import { stageInvokeUrl } from "@/lib/aws/invoke-url";
import type { AwsFailure, AwsResult, DeployedStageConfig } from "@/lib/aws/types";
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
 * What a deployment exposes (its routes and binary media types, from the stage's export), by deployment: a
 * deployment never changes once made, so a cached export is right for as long as the stage serves that deployment,
 * and a redeploy gives the stage a new deployment id, hence a fresh export. Bounded; only successes are kept.
 */
const deployedConfigs = new Map<string, Promise<AwsResult<DeployedStageConfig>>>();
const DEPLOYED_CONFIGS_MAX = 64;

function deployedConfig(region: string, apiId: string, stage: string, deploymentId: string | undefined) {
  if (!deploymentId) return getDeployedStageConfig(region, apiId, stage);
  const key = JSON.stringify([region, apiId, stage, deploymentId]);
  const hit = deployedConfigs.get(key);
  if (hit) return hit;
  const read = getDeployedStageConfig(region, apiId, stage);
  if (deployedConfigs.size >= DEPLOYED_CONFIGS_MAX) deployedConfigs.delete(deployedConfigs.keys().next().value!);
  deployedConfigs.set(key, read);
  void read.then((r) => {
    if (!r.ok) deployedConfigs.delete(key);
  });
  return read;
}

/**
 * Checks the API, the stage and the route exist on the target and the method is deployed (docs/security.md promise 4),
 * then builds the invoke URL itself. Two small control-plane reads (GetRestApi and GetStage, at once) on every
 * preview; the stage's export (GetExport) only when the stage serves a deployment not seen before.
 */
export async function resolvePreviewTarget(req: Omit<PreviewRequest, "accept">): Promise<Resolved> {
  const [api, stage] = await Promise.all([
    getRestApi(req.region, req.apiId),
    getStage(req.region, req.apiId, req.stage),
  ]);
  if (!api.ok) return failed(fromAws(api.error, `REST API ${req.apiId} was not found in ${req.region}`));
  const stageMissing = `Stage ${req.stage} was not found on REST API ${req.apiId}`;
  if (!stage.ok) return failed(fromAws(stage.error, stageMissing));
  const deployed = await deployedConfig(req.region, req.apiId, req.stage, stage.data.deploymentId);
  if (!deployed.ok) return failed(fromAws(deployed.error, stageMissing));
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

/** What a protected stage needs beyond the Accept (POST /api/preview): held by the browser, sent only here. */
export interface PreviewExtras {
  headers: { name: string; value: string }[];
  body?: string;
  /** SigV4-sign the request with the dashboard's own credentials (IAM-auth stages). */
  sign: boolean;
}

const NO_EXTRAS: PreviewExtras = { headers: [], sign: false };

/** The request headers and body to send: the user's headers, then the signature over all of them. */
async function outgoing(req: PreviewRequest, url: string, extras: PreviewExtras) {
  const headers: Record<string, string> = {};
  for (const h of extras.headers) headers[h.name.toLowerCase()] = h.value;
  const body = extras.body === undefined ? undefined : new TextEncoder().encode(extras.body);
  if (extras.sign) {
    const toSign = req.accept ? { ...headers, accept: req.accept } : headers;
    const signature = await signExecuteApiRequest({
      url,
      method: req.method,
      region: req.region,
      headers: toSign,
      body,
    });
    Object.assign(headers, signature);
  }
  return { headers, body };
}

/** Runs one preview: a slot, the target checked, then the stage fetched with the requested Accept. */
export async function runPreview(req: PreviewRequest, extras: PreviewExtras = NO_EXTRAS): Promise<Outcome> {
  const release = acquirePreviewSlot();
  if (!release) return { ok: false, error: { status: 429, code: "busy", message: BUSY_MESSAGE } };
  let handedOff = false;
  try {
    const target = await resolvePreviewTarget(req);
    if (!target.ok) return target;
    const t = target.data;
    const sent = await outgoing(req, t.url, extras);
    handedOff = true;
    const up = await fetchUpstream(t.url, { method: req.method, accept: req.accept, ...sent, onDone: release });
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
