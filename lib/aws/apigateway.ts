import "server-only";
import {
  CreateDeploymentCommand,
  GetDeploymentsCommand,
  GetExportCommand,
  GetResourcesCommand,
  GetRestApiCommand,
  GetRestApisCommand,
  GetStageCommand,
  GetStagesCommand,
  UpdateRestApiCommand,
  UpdateStageCommand,
  type Deployment,
  type Resource,
  type RestApi,
  type Stage,
} from "@aws-sdk/client-api-gateway";
import { binaryMediaTypePatchPath, parseMediaType, transferModeOf } from "@/lib/binary";
import { getConfig } from "@/lib/config";
import { detectOwner } from "@/lib/iac";
import { apiGatewayClient } from "./clients";
import { runCall, serialised } from "./call";
import { noteAccountFromArn } from "./target";
import {
  type AwsResult,
  type DeployedRoute,
  type DeployedStageConfig,
  type DeploymentSummary,
  err,
  type MediaTypeChange,
  type MethodSummary,
  ok,
  type RestApiPage,
  type RestApiSummary,
  type ResourceSummary,
  type StageSummary,
} from "./types";

/**
 * API Gateway (REST v1) reads and writes the dashboard needs, returning our own types (docs/conventions.md).
 * Every call goes through runCall: rate limits, bounded retries, AwsFailure values (call.ts).
 */

/** GetRestApis' maximum page size (docs/aws-binary-rules.md §6): 600 APIs load in two calls. */
export const MAX_PAGE_SIZE = 500;
/**
 * A safety stop for paging: AWS caps REST APIs at 600 per region (docs/aws-binary-rules.md §8), so 20 pages is ample.
 */
const MAX_PAGES = 20;

/** Follows `position` page by page (at most MAX_PAGES); stops on the last page or a position that repeats. */
async function collectPages<T>(
  fetchPage: (position: string | undefined) => Promise<AwsResult<{ items: T[]; position?: string }>>,
): Promise<AwsResult<T[]>> {
  const all: T[] = [];
  let position: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const r = await fetchPage(position);
    if (!r.ok) return r;
    all.push(...r.data.items);
    if (!r.data.position || r.data.position === position) break;
    position = r.data.position;
  }
  return ok(all);
}

const arnOf = (region: string, path: string) => `arn:aws:apigateway:${region}::${path}`;
const iam = (verb: "GET" | "PATCH" | "POST", region: string, path: string) =>
  `apigateway:${verb} on ${arnOf(region, path)}`;

function iso(d: Date | undefined): string | undefined {
  return d instanceof Date && !Number.isNaN(d.getTime()) ? d.toISOString() : undefined;
}

function toRestApi(api: RestApi): RestApiSummary {
  return {
    id: api.id ?? "",
    name: api.name ?? "",
    description: api.description || undefined,
    createdDate: iso(api.createdDate),
    binaryMediaTypes: api.binaryMediaTypes ?? [],
    endpointTypes: api.endpointConfiguration?.types ?? [],
    rootResourceId: api.rootResourceId,
    tags: { ...api.tags },
    owner: detectOwner(api.tags, getConfig().ownerTag),
  };
}

function toStage(stage: Stage): StageSummary {
  return {
    stageName: stage.stageName ?? "",
    deploymentId: stage.deploymentId,
    description: stage.description || undefined,
    createdDate: iso(stage.createdDate),
    lastUpdatedDate: iso(stage.lastUpdatedDate),
  };
}

function toDeployment(d: Deployment): DeploymentSummary {
  return { id: d.id ?? "", description: d.description || undefined, createdDate: iso(d.createdDate) };
}

/** One page of REST APIs (GetRestApis with limit + position). */
export async function listRestApis(
  region: string,
  { limit = MAX_PAGE_SIZE, position }: { limit?: number; position?: string } = {},
): Promise<AwsResult<RestApiPage>> {
  const client = apiGatewayClient(region);
  const r = await runCall(
    { operation: "GetRestApis", region, subject: "the REST API list", iamAction: iam("GET", region, "/restapis") },
    () => client.send(new GetRestApisCommand({ limit: Math.min(Math.max(1, limit), MAX_PAGE_SIZE), position })),
  );
  if (!r.ok) return r;
  return ok({ items: (r.data.items ?? []).map(toRestApi), position: r.data.position || undefined });
}

/** Every REST API of the region, in pages of 500 (no call per API: docs/architecture.md "Performance budget"). */
export async function listAllRestApis(region: string): Promise<AwsResult<RestApiSummary[]>> {
  return collectPages((position) => listRestApis(region, { limit: MAX_PAGE_SIZE, position }));
}

/** One REST API (GetRestApi). */
export async function getRestApi(region: string, apiId: string): Promise<AwsResult<RestApiSummary>> {
  const client = apiGatewayClient(region);
  const r = await runCall(
    {
      operation: "GetRestApi",
      region,
      subject: `REST API ${apiId}`,
      iamAction: iam("GET", region, `/restapis/${apiId}`),
    },
    () => client.send(new GetRestApiCommand({ restApiId: apiId })),
  );
  return r.ok ? ok(toRestApi(r.data)) : r;
}

function sameType(a: string, b: string): boolean {
  // Media types are case-insensitive (RFC 9110; docs/aws-binary-rules.md §3 recommends case-insensitive matching).
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * Adds one binary media type with a single `add` patch (docs/aws-binary-rules.md §6.1; docs/security.md promise 7:
 * never "replace the list", so a concurrent console edit survives). Idempotent: reads first and reports "already
 * present".
 */
export async function addBinaryMediaType(
  region: string,
  apiId: string,
  mediaType: string,
): Promise<AwsResult<MediaTypeChange>> {
  const parsed = parseMediaType(mediaType);
  if (!parsed.ok) return err({ code: "invalid", message: parsed.error });
  const value = parsed.value;
  return serialised(`${region}/${apiId}`, async () => {
    const current = await getRestApi(region, apiId);
    if (!current.ok) return current;
    const existing = current.data.binaryMediaTypes.find((t) => sameType(t, value));
    if (existing !== undefined) {
      const message = `${existing} is already present`;
      return ok({ changed: false, mediaType: existing, message, binaryMediaTypes: current.data.binaryMediaTypes });
    }
    return patchOne(region, apiId, "add", value, `Added ${value}`);
  });
}

/** Removes one binary media type with a single `remove` patch; idempotent ("was not present"). */
export async function removeBinaryMediaType(
  region: string,
  apiId: string,
  mediaType: string,
): Promise<AwsResult<MediaTypeChange>> {
  return serialised(`${region}/${apiId}`, async () => {
    const current = await getRestApi(region, apiId);
    if (!current.ok) return current;
    // Remove the entry as stored (exact first, then case-insensitively), so odd entries like "-" can go too.
    const stored =
      current.data.binaryMediaTypes.find((t) => t === mediaType) ??
      current.data.binaryMediaTypes.find((t) => sameType(t, mediaType.trim()));
    if (stored === undefined) {
      const message = `${mediaType} was not present`;
      return ok({ changed: false, mediaType, message, binaryMediaTypes: current.data.binaryMediaTypes });
    }
    return patchOne(region, apiId, "remove", stored, `Removed ${stored}`);
  });
}

async function patchOne(
  region: string,
  apiId: string,
  op: "add" | "remove",
  mediaType: string,
  message: string,
): Promise<AwsResult<MediaTypeChange>> {
  const client = apiGatewayClient(region);
  const r = await runCall(
    {
      operation: "UpdateRestApi",
      region,
      subject: `REST API ${apiId}`,
      iamAction: iam("PATCH", region, `/restapis/${apiId}`),
    },
    // The ~1 escaping is built here, on the server, by lib/binary (docs/security.md promise 6).
    () =>
      client.send(
        new UpdateRestApiCommand({
          restApiId: apiId,
          patchOperations: [{ op, path: binaryMediaTypePatchPath(mediaType) }],
        }),
      ),
  );
  if (!r.ok) return r;
  return ok({ changed: true, mediaType, message, binaryMediaTypes: r.data.binaryMediaTypes ?? [] });
}

/** The API's stages (GetStages; not paginated, docs/aws-binary-rules.md §6), sorted by name. */
export async function listStages(region: string, apiId: string): Promise<AwsResult<StageSummary[]>> {
  const client = apiGatewayClient(region);
  const r = await runCall(
    {
      operation: "GetStages",
      region,
      subject: `REST API ${apiId}`,
      iamAction: iam("GET", region, `/restapis/${apiId}/stages`),
    },
    () => client.send(new GetStagesCommand({ restApiId: apiId })),
  );
  if (!r.ok) return r;
  return ok((r.data.item ?? []).map(toStage).sort((a, b) => a.stageName.localeCompare(b.stageName)));
}

/** One stage (GetStage): which deployment it serves, in one small read. */
export async function getStage(region: string, apiId: string, stageName: string): Promise<AwsResult<StageSummary>> {
  const client = apiGatewayClient(region);
  const r = await runCall(
    {
      operation: "GetStage",
      region,
      subject: `stage ${stageName} of REST API ${apiId}`,
      iamAction: iam("GET", region, `/restapis/${apiId}/stages/${stageName}`),
    },
    () => client.send(new GetStageCommand({ restApiId: apiId, stageName })),
  );
  if (!r.ok) return r;
  return ok(toStage(r.data));
}

/** The API's deployments, newest first (GetDeployments, pages of 500). */
export async function listDeployments(region: string, apiId: string): Promise<AwsResult<DeploymentSummary[]>> {
  const client = apiGatewayClient(region);
  const iamAction = iam("GET", region, `/restapis/${apiId}/deployments`);
  const r = await collectPages(async (position) => {
    const page = await runCall({ operation: "GetDeployments", region, subject: `REST API ${apiId}`, iamAction }, () =>
      client.send(new GetDeploymentsCommand({ restApiId: apiId, limit: MAX_PAGE_SIZE, position })),
    );
    return page.ok ? ok({ items: (page.data.items ?? []).map(toDeployment), position: page.data.position }) : page;
  });
  if (!r.ok) return r;
  return ok(r.data.sort((a, b) => (b.createdDate ?? "").localeCompare(a.createdDate ?? "")));
}

/**
 * Deploys the API's current configuration to a stage (CreateDeployment). The limiter spaces these ≥ 5 s
 * apart per account (docs/aws-binary-rules.md §8), so a second click waits for its slot instead of failing.
 */
export async function createDeployment(
  region: string,
  apiId: string,
  stageName: string,
  description?: string,
): Promise<AwsResult<DeploymentSummary>> {
  const client = apiGatewayClient(region);
  return serialised(`${region}/${apiId}`, async () => {
    const r = await runCall(
      {
        operation: "CreateDeployment",
        region,
        subject: `REST API ${apiId}`,
        iamAction: iam("POST", region, `/restapis/${apiId}/deployments`),
      },
      () =>
        client.send(
          new CreateDeploymentCommand({ restApiId: apiId, stageName, description: description || undefined }),
        ),
    );
    return r.ok ? ok(toDeployment(r.data)) : r;
  });
}

/**
 * Points an existing stage at an existing deployment (UpdateStage, `replace /deploymentId`): a rollback to
 * the previous deployment, or any one from the history. No new deployment, so no CreateDeployment quota.
 */
export async function updateStageDeployment(
  region: string,
  apiId: string,
  stageName: string,
  deploymentId: string,
): Promise<AwsResult<StageSummary>> {
  const client = apiGatewayClient(region);
  return serialised(`${region}/${apiId}`, async () => {
    const r = await runCall(
      {
        operation: "UpdateStage",
        region,
        subject: `stage ${stageName} or deployment ${deploymentId} of REST API ${apiId}`,
        iamAction: iam("PATCH", region, `/restapis/${apiId}/stages/${stageName}`),
      },
      () =>
        client.send(
          new UpdateStageCommand({
            restApiId: apiId,
            stageName,
            patchOperations: [{ op: "replace", path: "/deploymentId", value: deploymentId }],
          }),
        ),
    );
    return r.ok ? { ok: true, data: toStage(r.data) } : r;
  });
}

const HTTP_METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

/** Reads an OAS 3.0 export with API Gateway extensions into our DeployedStageConfig (docs/aws-binary-rules.md §6.2). */
export function parseStageExport(doc: unknown): DeployedStageConfig | null {
  if (!doc || typeof doc !== "object") return null;
  const d = doc as Record<string, unknown>;
  const types = d["x-amazon-apigateway-binary-media-types"];
  const binaryMediaTypes = Array.isArray(types) ? types.filter((t): t is string => typeof t === "string") : [];
  const routes: DeployedRoute[] = [];
  const paths = d.paths && typeof d.paths === "object" ? (d.paths as Record<string, unknown>) : {};
  for (const [path, item] of Object.entries(paths)) {
    if (!item || typeof item !== "object") continue;
    const methods: string[] = [];
    for (const key of Object.keys(item)) {
      if (HTTP_METHODS.has(key.toLowerCase())) methods.push(key.toUpperCase());
      else if (key === "x-amazon-apigateway-any-method") methods.push("ANY");
    }
    routes.push({ path, methods: methods.sort() });
  }
  routes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { binaryMediaTypes, routes };
}

/**
 * What a stage actually serves — its deployment's binary media types and routes — from GetExport
 * (oas30, extensions=apigateway; docs/aws-binary-rules.md §6.2). This is how stage drift is detected.
 */
export async function getDeployedStageConfig(
  region: string,
  apiId: string,
  stageName: string,
): Promise<AwsResult<DeployedStageConfig>> {
  const client = apiGatewayClient(region);
  const r = await runCall(
    {
      operation: "GetExport",
      region,
      subject: `stage ${stageName} of REST API ${apiId}`,
      iamAction: iam("GET", region, `/restapis/${apiId}/stages/${stageName}/exports/oas30`),
    },
    () =>
      client.send(
        new GetExportCommand({
          restApiId: apiId,
          stageName,
          exportType: "oas30",
          accepts: "application/json",
          parameters: { extensions: "apigateway" },
        }),
      ),
  );
  if (!r.ok) return r;
  let doc: unknown;
  try {
    doc = JSON.parse(r.data.body ? new TextDecoder().decode(r.data.body) : "");
  } catch {
    doc = undefined;
  }
  const parsed = parseStageExport(doc);
  if (!parsed)
    return err({ code: "unknown", message: `The export of stage ${stageName} was not an OpenAPI JSON document.` });
  return ok(parsed);
}

/**
 * Function ARN and name from a Lambda integration uri (docs/aws-binary-rules.md §6:
 * arn:aws:apigateway:{r}:lambda:path/2015-03-31/functions/{arn}/invocations).
 */
export function parseLambdaUri(uri: string | undefined): { functionArn: string; functionName: string } | null {
  if (!uri) return null;
  // Invoke (BUFFERED) or InvokeWithResponseStream (STREAM, docs/streaming.md §1.3) name the function alike.
  const m =
    /:lambda:path\/2015-03-31\/functions\/(.+)\/invocations$/.exec(uri) ??
    /:lambda:path\/2021-11-15\/functions\/(.+)\/response-streaming-invocations$/.exec(uri);
  if (!m) return null;
  const functionArn = decodeURIComponent(m[1]);
  const fn = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)/.exec(functionArn);
  return { functionArn, functionName: fn ? fn[1] : functionArn };
}

function toResource(res: Resource): ResourceSummary {
  const methods: MethodSummary[] = Object.entries(res.resourceMethods ?? {})
    .map(([httpMethod, m]) => {
      const integration = m?.methodIntegration;
      const lambda =
        integration?.type === "AWS_PROXY" || integration?.type === "AWS" ? parseLambdaUri(integration.uri) : null;
      if (lambda) noteAccountFromArn(lambda.functionArn);
      return {
        httpMethod,
        integrationType: integration?.type,
        lambdaFunctionName: lambda?.functionName,
        lambdaFunctionArn: lambda?.functionArn,
        transferMode: integration ? transferModeOf(integration.responseTransferMode) : undefined,
        ...(integration?.contentHandling ? { contentHandling: integration.contentHandling } : {}),
      };
    })
    .sort((a, b) => a.httpMethod.localeCompare(b.httpMethod));
  return { id: res.id ?? "", path: res.path ?? "/", methods };
}

/** The API's resources with their methods and integrations (GetResources embed=methods, 5 calls per 2 s). */
export async function listResources(region: string, apiId: string): Promise<AwsResult<ResourceSummary[]>> {
  const client = apiGatewayClient(region);
  const iamAction = iam("GET", region, `/restapis/${apiId}/resources`);
  const r = await collectPages(async (position) => {
    const page = await runCall({ operation: "GetResources", region, subject: `REST API ${apiId}`, iamAction }, () =>
      client.send(new GetResourcesCommand({ restApiId: apiId, embed: ["methods"], limit: MAX_PAGE_SIZE, position })),
    );
    return page.ok ? ok({ items: (page.data.items ?? []).map(toResource), position: page.data.position }) : page;
  });
  if (!r.ok) return r;
  return ok(r.data.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)));
}
