/**
 * GetExport (docs/aws-binary-rules.md §6.2): an OpenAPI 3.0 (`oas30`) or Swagger 2.0 (`swagger`) document of what a
 * STAGE serves, built from its deployment's snapshot — not from the live API — so stage drift shows in the export.
 * `extensions=apigateway` (or `integrations`, which the API reference documents as the same) adds the
 * x-amazon-apigateway-integration of every method and the TOP-LEVEL x-amazon-apigateway-binary-media-types
 * (P8); a plain export has neither (P9) [V4].
 */
import { stringify } from "yaml";
import type { AwsCall, AwsReply, EmulatorContext } from "../contracts";
import { badRequest } from "../errors";
import type { DeploymentRecord, IntegrationRecord, ResourceRecord, RestApiRecord } from "../model";
import { DEFAULT_INTEGRATION_TIMEOUT_MS, firstAcceptValue } from "../../binary";
import { getApi, getStage, notFound, own } from "./common";

type ExportType = "oas30" | "swagger";

/** GetExport: the document as the body, with Content-Type and Content-Disposition headers. */
export async function getExport(
  ctx: EmulatorContext,
  call: AwsCall,
  apiId: string,
  stageName: string,
  exportType: string,
): Promise<AwsReply> {
  const api = getApi(ctx.store.read(), ctx, call.region, apiId);
  const stage = getStage(api, stageName);
  if (exportType !== "oas30" && exportType !== "swagger") {
    throw badRequest(`Invalid export type specified: ${exportType}. Valid values are oas30 and swagger`);
  }
  const format = acceptedFormat(call.headers.accept);
  const extensions = (call.url.searchParams.get("extensions") ?? "").split(",").map((e) => e.trim().toLowerCase());
  const withIntegrations = extensions.includes("apigateway") || extensions.includes("integrations");
  const deployment = own(api.deployments, stage.deploymentId);
  if (!deployment) throw notFound("Invalid Deployment identifier specified");

  const doc = exportDocument(exportType, api, stageName, deployment, call.region, withIntegrations);
  const version = String((doc.info as { version: string }).version);
  const body = format === "yaml" ? stringify(doc) : JSON.stringify(doc, null, 2);
  return {
    status: 200,
    headers: {
      // JSON: what AWS sent in the validated run [V4]; YAML: the accept type (API reference; not observed).
      "content-type": format === "yaml" ? "application/yaml" : "application/octet-stream",
      "content-disposition": `attachment; filename="${exportType}_${version.replace(/["\\]/g, "")}.${format}"`,
    },
    body: Buffer.from(body, "utf8"),
  };
}

function acceptedFormat(accept: string | string[] | undefined): "json" | "yaml" {
  const value = firstAcceptValue(Array.isArray(accept) ? accept[0] : accept) ?? "";
  if (value === "" || value === "application/json" || value === "*/*") return "json";
  if (value === "application/yaml") return "yaml";
  throw badRequest(`Unsupported accept type: ${value}. Supported: application/json, application/yaml`);
}

/** The export document for one deployment snapshot (exported for tests). */
export function exportDocument(
  type: ExportType,
  api: RestApiRecord,
  stageName: string,
  deployment: DeploymentRecord,
  region: string,
  withIntegrations: boolean,
): Record<string, unknown> {
  const snap = deployment.snapshot;
  const info: Record<string, unknown> = {
    ...(snap.description ? { description: snap.description } : {}),
    version: snap.version ?? new Date(deployment.createdDate * 1000).toISOString().replace(/\.\d{3}Z$/, "Z"),
    title: snap.name,
  };
  const host = `${api.id}.execute-api.${region}.amazonaws.com`;
  const paths: Record<string, Record<string, unknown>> = {};
  const resources = Object.values(snap.resources).sort((a, b) => (a.path < b.path ? -1 : 1));
  for (const r of resources) {
    const methods = Object.values(r.methods).sort((a, b) => (a.httpMethod < b.httpMethod ? -1 : 1));
    if (methods.length === 0) continue;
    const item: Record<string, unknown> = {};
    for (const m of methods) {
      const op: Record<string, unknown> = {};
      const params = pathParameters(r, type);
      if (params.length > 0) op.parameters = params;
      op.responses = {};
      if (withIntegrations && m.integration)
        op["x-amazon-apigateway-integration"] = integrationExtension(m.integration);
      item[m.httpMethod === "ANY" ? "x-amazon-apigateway-any-method" : m.httpMethod.toLowerCase()] = op;
    }
    paths[r.path] = item;
  }
  const binary =
    withIntegrations && snap.binaryMediaTypes.length > 0
      ? { "x-amazon-apigateway-binary-media-types": [...snap.binaryMediaTypes] }
      : {};
  if (type === "swagger") {
    return { swagger: "2.0", info, host, basePath: `/${stageName}`, schemes: ["https"], paths, ...binary };
  }
  return {
    openapi: "3.0.1",
    info,
    servers: [{ url: `https://${host}/{basePath}`, variables: { basePath: { default: `/${stageName}` } } }],
    paths,
    ...binary,
  };
}

function pathParameters(r: ResourceRecord, type: ExportType): Record<string, unknown>[] {
  const names = [...r.path.matchAll(/\{([^}+]+)\+?\}/g)].map((m) => m[1]);
  return names.map((name) =>
    type === "swagger"
      ? { name, in: "path", required: true, type: "string" }
      : { name, in: "path", required: true, schema: { type: "string" } },
  );
}

/** x-amazon-apigateway-integration as AWS writes it: lower-case type and passthrough behaviour. */
function integrationExtension(i: IntegrationRecord): Record<string, unknown> {
  const ext: Record<string, unknown> = { type: i.type.toLowerCase() };
  if (i.httpMethod) ext.httpMethod = i.httpMethod;
  if (i.uri) ext.uri = i.uri;
  if (i.credentials) ext.credentials = i.credentials;
  if (i.requestParameters && Object.keys(i.requestParameters).length > 0) ext.requestParameters = i.requestParameters;
  if (i.requestTemplates && Object.keys(i.requestTemplates).length > 0) ext.requestTemplates = i.requestTemplates;
  if (i.passthroughBehavior) ext.passthroughBehavior = i.passthroughBehavior.toLowerCase();
  if (i.contentHandling) ext.contentHandling = i.contentHandling;
  if (i.timeoutInMillis !== DEFAULT_INTEGRATION_TIMEOUT_MS) ext.timeoutInMillis = i.timeoutInMillis;
  // Where import reads it (docs/streaming.md §1.1); whether AWS's export writes it is not established, so only
  // the non-default STREAM is written, as the defaults above are left out.
  if (i.responseTransferMode === "STREAM") ext.responseTransferMode = i.responseTransferMode;
  if (i.cacheKeyParameters.length > 0) ext.cacheKeyParameters = i.cacheKeyParameters;
  if (i.integrationResponses && Object.keys(i.integrationResponses).length > 0) {
    ext.responses = Object.fromEntries(
      Object.values(i.integrationResponses).map((r) => [
        r.selectionPattern ?? "default",
        {
          statusCode: r.statusCode,
          ...(r.responseParameters ? { responseParameters: r.responseParameters } : {}),
          ...(r.responseTemplates ? { responseTemplates: r.responseTemplates } : {}),
          ...(r.contentHandling ? { contentHandling: r.contentHandling } : {}),
        },
      ]),
    );
  }
  return ext;
}
