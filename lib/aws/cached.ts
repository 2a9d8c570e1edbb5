import "server-only";
import { cache } from "react";
import { getDeployedStageConfig, getRestApi, listDeployments, listResources, listStages } from "./apigateway";

/** Request-scoped (React cache) wrappers of lib/aws reads. */
// Per-request memoisation: panels that need the same list share one control-plane call (docs/aws-binary-rules.md §8
// quotas).
export const getApiCached = cache(getRestApi);
export const listStagesCached = cache(listStages);
export const listDeploymentsCached = cache(listDeployments);
export const listResourcesCached = cache(listResources);
export const getDeployedStageConfigCached = cache(getDeployedStageConfig);
