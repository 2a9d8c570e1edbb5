import "server-only";

/** lib/aws: the only code that talks to API Gateway (docs/conventions.md). */
export * from "./types";
export {
  listRestApis,
  listAllRestApis,
  getRestApi,
  addBinaryMediaType,
  removeBinaryMediaType,
  listStages,
  listDeployments,
  createDeployment,
  updateStageDeployment,
  getDeployedStageConfig,
  listResources,
  parseLambdaUri,
  parseStageExport,
} from "./apigateway";
export { getTargetInfo } from "./target";
export { stageInvokeUrl } from "./invoke-url";
export { mediaTypeDrift, hasDrift, type MediaTypeDrift } from "./drift";
export {
  invokeFunction,
  getFunction,
  getPolicy,
  addPermission,
  downloadPackageFiles,
  type InvokeResult,
  type FunctionInfo,
  type PermissionChange,
  type PackageFiles,
} from "./lambda";
export { updateIntegrationContentHandling } from "./integration";
