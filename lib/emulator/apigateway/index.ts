/**
 * API Gateway's REST-JSON control plane (apiVersion 2015-07-09, docs/aws-binary-rules.md §6): routes a verified AwsCall
 * to its operation, counts it in metrics, applies injected faults, and lets the operation answer or throw AwsError.
 * Paths may carry a prefix before `/restapis` (an endpoint URL with a path is kept by the SDK and CLI,
 * docs/development.md §4), so the emulator can also be mounted under another route.
 */
import type { AwsCall, AwsReply, ControlPlane, EmulatorContext } from "../contracts";
import { AwsError } from "../errors";
import { applyFault } from "../faults";
import {
  createDeployment,
  createStage,
  deleteDeployment,
  deleteStage,
  getDeployment,
  getDeployments,
  getStageOp,
  getStages,
  updateStage,
} from "./deployments";
import { getExport } from "./export";
import {
  createResource,
  deleteIntegration,
  deleteMethod,
  deleteResource,
  getIntegration,
  getMethodOp,
  getResourceOp,
  getResources,
  putIntegration,
  putMethod,
} from "./resources";
import {
  deleteIntegrationResponse,
  deleteMethodResponse,
  getIntegrationResponse,
  getMethodResponse,
  putIntegrationResponse,
  putMethodResponse,
  updateIntegration,
} from "./responses";
import { createRestApi, deleteRestApi, getRestApi, getRestApis, updateRestApi } from "./restapis";
import { resolveTagOperation } from "./tags";

type Handler = (ctx: EmulatorContext, call: AwsCall, ...params: string[]) => Promise<AwsReply>;

interface Route {
  /** Segments after "restapis"; ":x" captures one segment. */
  pattern: string[];
  methods: Record<string, [operation: string, handler: Handler]>;
}

const routes: Route[] = [
  { pattern: [], methods: { GET: ["GetRestApis", getRestApis], POST: ["CreateRestApi", createRestApi] } },
  {
    pattern: [":api"],
    methods: {
      GET: ["GetRestApi", getRestApi],
      PATCH: ["UpdateRestApi", updateRestApi],
      DELETE: ["DeleteRestApi", deleteRestApi],
    },
  },
  { pattern: [":api", "resources"], methods: { GET: ["GetResources", getResources] } },
  {
    pattern: [":api", "resources", ":res"],
    methods: {
      GET: ["GetResource", getResourceOp],
      POST: ["CreateResource", createResource],
      DELETE: ["DeleteResource", deleteResource],
    },
  },
  {
    pattern: [":api", "resources", ":res", "methods", ":method"],
    methods: { PUT: ["PutMethod", putMethod], GET: ["GetMethod", getMethodOp], DELETE: ["DeleteMethod", deleteMethod] },
  },
  {
    pattern: [":api", "resources", ":res", "methods", ":method", "integration"],
    methods: {
      PUT: ["PutIntegration", putIntegration],
      GET: ["GetIntegration", getIntegration],
      PATCH: ["UpdateIntegration", updateIntegration],
      DELETE: ["DeleteIntegration", deleteIntegration],
    },
  },
  {
    pattern: [":api", "resources", ":res", "methods", ":method", "responses", ":status"],
    methods: {
      PUT: ["PutMethodResponse", putMethodResponse],
      GET: ["GetMethodResponse", getMethodResponse],
      DELETE: ["DeleteMethodResponse", deleteMethodResponse],
    },
  },
  {
    pattern: [":api", "resources", ":res", "methods", ":method", "integration", "responses", ":status"],
    methods: {
      PUT: ["PutIntegrationResponse", putIntegrationResponse],
      GET: ["GetIntegrationResponse", getIntegrationResponse],
      DELETE: ["DeleteIntegrationResponse", deleteIntegrationResponse],
    },
  },
  {
    pattern: [":api", "deployments"],
    methods: { GET: ["GetDeployments", getDeployments], POST: ["CreateDeployment", createDeployment] },
  },
  {
    pattern: [":api", "deployments", ":dep"],
    methods: { GET: ["GetDeployment", getDeployment], DELETE: ["DeleteDeployment", deleteDeployment] },
  },
  { pattern: [":api", "stages"], methods: { GET: ["GetStages", getStages], POST: ["CreateStage", createStage] } },
  {
    pattern: [":api", "stages", ":stage"],
    methods: {
      GET: ["GetStage", getStageOp],
      PATCH: ["UpdateStage", updateStage],
      DELETE: ["DeleteStage", deleteStage],
    },
  },
  { pattern: [":api", "stages", ":stage", "exports", ":type"], methods: { GET: ["GetExport", getExport] } },
];

const unknownOperation = (method: string, path: string) =>
  new AwsError(
    404,
    "UnknownOperationException",
    `Unknown operation: ${method} ${path} is not an API Gateway operation this emulator implements`,
  );

/** Finds the operation for a method and path (exported for tests). */
export function resolveOperation(
  method: string,
  pathname: string,
): { operation: string; handler: Handler; params: string[] } | null {
  const raw = pathname.split("/").filter((s) => s !== "");
  const start = raw.indexOf("restapis");
  if (start < 0) return null;
  let segments: string[];
  try {
    segments = raw.slice(start + 1).map((s) => decodeURIComponent(s));
  } catch {
    return null;
  }
  for (const route of routes) {
    if (route.pattern.length !== segments.length) continue;
    const params: string[] = [];
    let ok = true;
    for (let i = 0; i < segments.length; i++) {
      const p = route.pattern[i];
      if (p.startsWith(":")) params.push(segments[i]);
      else if (p !== segments[i]) {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    const found = route.methods[method];
    return found ? { operation: found[0], handler: found[1], params } : null;
  }
  return null;
}

/** API Gateway's REST-JSON control plane (apiVersion 2015-07-09). */
export const apiGatewayControlPlane: ControlPlane = async (ctx, call) => {
  const resolved =
    resolveTagOperation(call.method, call.url.pathname) ?? resolveOperation(call.method, call.url.pathname);
  if (!resolved) {
    ctx.metrics.count("apigateway", "UnknownOperation");
    throw unknownOperation(call.method, call.url.pathname);
  }
  ctx.metrics.count("apigateway", resolved.operation);
  await applyFault(ctx, "apigateway", resolved.operation);
  return resolved.handler(ctx, call, ...resolved.params);
};
