import "server-only";
import { getDeployedStageConfig, getRestApi, listResources } from "@/lib/aws/apigateway";
import { downloadPackageFiles, getFunction, getPolicy, invokeFunction } from "@/lib/aws/lambda";
import type { MethodSummary, ResourceSummary } from "@/lib/aws/types";
import {
  type AddPermissionFix,
  type DoctorFinding,
  type Layer,
  type PreflightFix,
  addPermissionFix,
  brokenPreflights,
  checkAdapters,
  checkLambdaOutput,
  checkPermission,
  contentTypeKey,
  executeApiSourceArn,
  firstAcceptValue,
} from "@/lib/binary";
import { findMostSpecificRoute, parseRouteTemplate, pathSegments } from "@/lib/binary/route-template";
import { getConfig } from "@/lib/config";
import { apiGatewayFindings, integrationInfos } from "./apigateway";
import { doctorEvent } from "./event";
import type { DoctorRequest } from "./input";

/**
 * The doctor's run for one method and client: each layer's check in turn, sequentially, with a fixed number of
 * calls whatever the API's size — GetRestApi, GetExport, GetResources (paged, 500 a page), then for a Lambda
 * proxy GetPolicy, GetFunction and (on the emulator, or on AWS once the user confirmed) one Invoke. All go
 * through lib/aws's limiter, so a run cannot exceed the control-plane quotas
 * (docs/real-world-failures.md §docs/aws-binary-rules.md P5).
 */

/** What a run found, and what the one-click fixes need. */
export interface DoctorReport {
  target: "local" | "aws";
  resourcePath: string;
  functionName: string | null;
  /** Whether the function was invoked; false on AWS until the user confirms. */
  invoked: boolean;
  /** The media type the adapter check looked for (the response's Content-Type, else the first Accept value). */
  mediaType: string | null;
  /** One or more findings per layer, in the order a request meets them. */
  findings: DoctorFinding[];
  /** The execute-api ARN API Gateway presents for this method (what the permission must allow). */
  methodArn: string | null;
  permissionFix: AddPermissionFix | null;
  preflightFixes: PreflightFix[];
}

/** A run that could not start (the API, stage or method is not there), with a message to show. */
export type DoctorOutcome = { ok: true; data: DoctorReport } | { ok: false; message: string };

const LAYER_ORDER: Layer[] = ["lambda", "adapter", "permission", "apigateway", "size", "compression", "upload"];

const notChecked = (id: string, layer: Layer, cause: string): DoctorFinding => ({
  id,
  layer,
  status: "not-checked",
  cause,
});

/** Runs the checklist for one method and client; see the file comment for the calls it makes. */
export async function runDoctor(req: DoctorRequest): Promise<DoctorOutcome> {
  const api = await getRestApi(req.region, req.apiId);
  if (!api.ok) return { ok: false, message: api.error.message };
  const deployed = await getDeployedStageConfig(req.region, req.apiId, req.stage);
  if (!deployed.ok) return { ok: false, message: deployed.error.message };
  const resources = await listResources(req.region, req.apiId);
  if (!resources.ok) return { ok: false, message: resources.error.message };
  const found = locateMethod(resources.data, req.path, req.method);
  if (!found) return { ok: false, message: `${req.method} ${req.path} matches no method of REST API ${req.apiId}.` };
  const { resource, method, pathParameters } = found;
  const target = getConfig().target;
  const deployedTypes = deployed.data.binaryMediaTypes;
  const report: DoctorReport = {
    target,
    resourcePath: resource.path,
    functionName: method.lambdaFunctionName ?? null,
    invoked: false,
    mediaType: null,
    findings: [],
    methodArn: null,
    permissionFix: null,
    preflightFixes: brokenPreflights(deployedTypes, integrationInfos(resources.data)),
  };
  let base64: boolean | null = null;
  if (method.integrationType !== "AWS_PROXY" || !method.lambdaFunctionName || !method.lambdaFunctionArn) {
    const why = `${req.method} ${resource.path} is not a Lambda proxy integration (${method.integrationType ?? "none"}).`;
    report.findings.push(
      notChecked("lambda.invoke", "lambda", why),
      notChecked("adapter.detect", "adapter", why),
      notChecked("permission.invoke", "permission", why),
      notChecked("size.lambda-response", "size", why),
    );
  } else {
    const fn = method.lambdaFunctionName;
    const accountId = /^arn:[^:]+:lambda:[^:]*:(\d{12}):/.exec(method.lambdaFunctionArn)?.[1] ?? "";
    const methodArn = executeApiSourceArn(
      req.region,
      accountId,
      req.apiId,
      req.stage,
      method.httpMethod,
      resource.path,
    );
    report.methodArn = methodArn;
    const policy = await getPolicy(req.region, fn);
    const permission = policy.ok
      ? checkPermission(fn, policy.data, methodArn)
      : notChecked(
          "permission.invoke",
          "permission",
          `The function's resource policy could not be read: ${policy.error.message}`,
        );
    if (permission.status === "failed") report.permissionFix = addPermissionFix(fn, methodArn);
    const lambda = await lambdaFindings(req, target, { fn, accountId, resource, pathParameters, deployedTypes });
    report.invoked = lambda.invoked;
    base64 = lambda.base64;
    report.mediaType = lambda.contentType ?? concreteAccept(req.accept);
    const adapters = await adapterFindings(req.region, fn, report.mediaType);
    report.findings.push(...lambda.findings, ...adapters, permission);
  }
  report.findings.push(
    ...apiGatewayFindings({
      stage: req.stage,
      accept: req.accept,
      current: api.data.binaryMediaTypes,
      deployed: deployedTypes,
      resources: resources.data,
      base64,
    }),
  );
  report.findings.sort((a, b) => LAYER_ORDER.indexOf(a.layer) - LAYER_ORDER.indexOf(b.layer));
  return { ok: true, data: report };
}

/** The resource and method a concrete path and HTTP method reach (ANY as the fallback), as the stage routes it. */
function locateMethod(
  resources: readonly ResourceSummary[],
  path: string,
  httpMethod: string,
): { resource: ResourceSummary; method: MethodSummary; pathParameters: Record<string, string> | null } | null {
  const hit = findMostSpecificRoute(resources, (r) => parseRouteTemplate(r.path), pathSegments(path));
  if (!hit) return null;
  const method =
    hit.item.methods.find((m) => m.httpMethod === httpMethod) ?? hit.item.methods.find((m) => m.httpMethod === "ANY");
  if (!method) return null;
  return { resource: hit.item, method, pathParameters: Object.keys(hit.params).length > 0 ? hit.params : null };
}

function concreteAccept(accept: string): string | null {
  const key = firstAcceptValue(accept === "" ? null : accept);
  return key && !key.includes("*") ? key : null;
}

/** The Lambda and size layers: one direct Invoke with the event API Gateway would send, judged by lib/binary. */
async function lambdaFindings(
  req: DoctorRequest,
  target: "local" | "aws",
  o: {
    fn: string;
    accountId: string;
    resource: ResourceSummary;
    pathParameters: Record<string, string> | null;
    deployedTypes: string[];
  },
): Promise<{ findings: DoctorFinding[]; invoked: boolean; base64: boolean | null; contentType: string | null }> {
  if (target === "aws" && !req.confirmInvoke) {
    const why = "Not invoked: on AWS this runs the function's code, so the doctor asks first.";
    return {
      findings: [notChecked("lambda.invoke", "lambda", why), notChecked("size.lambda-response", "size", why)],
      invoked: false,
      base64: null,
      contentType: null,
    };
  }
  const event = doctorEvent({
    region: req.region,
    accountId: o.accountId,
    apiId: req.apiId,
    stage: req.stage,
    method: req.method,
    path: req.path,
    resourcePath: o.resource.path,
    resourceId: o.resource.id,
    pathParameters: o.pathParameters,
    accept: req.accept,
    binaryMediaTypes: o.deployedTypes,
  });
  const r = await invokeFunction(req.region, o.fn, event);
  if (!r.ok) {
    const why = `The function could not be invoked: ${r.error.message}`;
    return {
      findings: [notChecked("lambda.invoke", "lambda", why), notChecked("size.lambda-response", "size", why)],
      invoked: false,
      base64: null,
      contentType: null,
    };
  }
  const findings = checkLambdaOutput({
    payload: r.data.payload,
    functionError: r.data.functionError,
    accept: req.accept === "" ? null : req.accept,
    binaryMediaTypes: o.deployedTypes,
  });
  const result = parseResult(r.data.payload);
  return { findings, invoked: true, base64: result.base64, contentType: result.contentType };
}

function parseResult(payload: string): { base64: boolean | null; contentType: string | null } {
  try {
    const v: unknown = JSON.parse(payload);
    if (v === null || typeof v !== "object") return { base64: null, contentType: null };
    const r = v as { isBase64Encoded?: unknown; headers?: unknown };
    const headers = r.headers !== null && typeof r.headers === "object" ? (r.headers as Record<string, unknown>) : {};
    const ct = Object.entries(headers).find(([k]) => k.toLowerCase() === "content-type")?.[1];
    return { base64: r.isBase64Encoded === true, contentType: typeof ct === "string" ? contentTypeKey(ct) : null };
  } catch {
    return { base64: null, contentType: null };
  }
}

/** The adapter layer: the package read from Code.Location (bounded, never executed), then lib/binary's check. */
async function adapterFindings(region: string, fn: string, mediaType: string | null): Promise<DoctorFinding[]> {
  if (!mediaType) {
    return [
      notChecked(
        "adapter.detect",
        "adapter",
        "No media type to check: the response had no Content-Type and the first Accept value is a wildcard.",
      ),
    ];
  }
  const info = await getFunction(region, fn);
  if (!info.ok)
    return [notChecked("adapter.detect", "adapter", `The function could not be read: ${info.error.message}`)];
  if (!info.data.codeLocation) {
    return [notChecked("adapter.detect", "adapter", "The function has no downloadable package (a container image?).")];
  }
  const pkg = await downloadPackageFiles(info.data.codeLocation);
  if (!pkg.ok) return [notChecked("adapter.detect", "adapter", pkg.error.message)];
  return checkAdapters({ files: pkg.data.files, mediaType, environment: info.data.environment });
}
