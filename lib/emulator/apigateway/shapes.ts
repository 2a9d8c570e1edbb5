/**
 * Stored records → API Gateway's wire shapes (docs/aws-binary-rules.md §6 "Shapes"): epoch-second dates, optional
 * members left out rather than null, `binaryMediaTypes` only when non-empty (P7, [V3]).
 */
import type {
  DeploymentRecord,
  IntegrationRecord,
  MethodRecord,
  ResourceRecord,
  RestApiRecord,
  StageRecord,
} from "../model";

const defined = <T extends Record<string, unknown>>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
const nonEmpty = <T extends object>(o: T | undefined): T | undefined =>
  o && Object.keys(o).length > 0 ? o : undefined;

/** RestApi shape. */
export function restApiShape(api: RestApiRecord) {
  return defined({
    id: api.id,
    name: api.name,
    description: api.description,
    createdDate: api.createdDate,
    version: api.version,
    binaryMediaTypes: api.binaryMediaTypes.length > 0 ? [...api.binaryMediaTypes] : undefined,
    minimumCompressionSize: api.minimumCompressionSize,
    apiKeySource: api.apiKeySource,
    endpointConfiguration: api.endpointConfiguration,
    policy: api.policy,
    tags: nonEmpty(api.tags),
    disableExecuteApiEndpoint: api.disableExecuteApiEndpoint,
    rootResourceId: api.rootResourceId,
  });
}

/** Integration shape. */
export function integrationShape(i: IntegrationRecord) {
  return defined({
    type: i.type,
    httpMethod: i.httpMethod,
    uri: i.uri,
    credentials: i.credentials,
    connectionType: i.connectionType,
    requestParameters: nonEmpty(i.requestParameters),
    requestTemplates: nonEmpty(i.requestTemplates),
    passthroughBehavior: i.passthroughBehavior,
    contentHandling: i.contentHandling,
    timeoutInMillis: i.timeoutInMillis,
    // Always present, BUFFERED when unset, as a real GetIntegration shows it (docs/streaming.md §1.2).
    responseTransferMode: i.responseTransferMode ?? "BUFFERED",
    cacheNamespace: i.cacheNamespace,
    cacheKeyParameters: i.cacheKeyParameters,
    integrationResponses: nonEmpty(i.integrationResponses),
  });
}

/** Method shape; GetMethod embeds the integration as `methodIntegration`. */
export function methodShape(m: MethodRecord, withIntegration = true) {
  return defined({
    httpMethod: m.httpMethod,
    authorizationType: m.authorizationType,
    authorizerId: m.authorizerId,
    apiKeyRequired: m.apiKeyRequired,
    operationName: m.operationName,
    requestParameters: nonEmpty(m.requestParameters),
    requestModels: nonEmpty(m.requestModels),
    methodResponses: nonEmpty(m.methodResponses),
    methodIntegration: withIntegration && m.integration ? integrationShape(m.integration) : undefined,
  });
}

/** Resource shape: `resourceMethods` lists method names ({} each) unless `embed=methods` asks for full methods. */
export function resourceShape(r: ResourceRecord, embedMethods: boolean) {
  const names = Object.keys(r.methods).sort();
  return defined({
    id: r.id,
    parentId: r.parentId,
    pathPart: r.pathPart,
    path: r.path,
    resourceMethods:
      names.length > 0
        ? Object.fromEntries(names.map((n) => [n, embedMethods ? methodShape(r.methods[n]) : {}]))
        : undefined,
  });
}

/** Deployment shape; `apiSummary` only on request (embed=apisummary). */
export function deploymentShape(d: DeploymentRecord, withSummary = false) {
  let apiSummary: Record<string, Record<string, { authorizationType: string; apiKeyRequired: boolean }>> | undefined;
  if (withSummary) {
    apiSummary = {};
    for (const r of Object.values(d.snapshot.resources)) {
      const methods = Object.values(r.methods);
      if (methods.length === 0) continue;
      apiSummary[r.path] = Object.fromEntries(
        methods.map((m) => [
          m.httpMethod,
          { authorizationType: m.authorizationType, apiKeyRequired: m.apiKeyRequired },
        ]),
      );
    }
  }
  return defined({ id: d.id, description: d.description, createdDate: d.createdDate, apiSummary });
}

/** Stage shape. */
export function stageShape(s: StageRecord) {
  return defined({
    deploymentId: s.deploymentId,
    stageName: s.stageName,
    description: s.description,
    cacheClusterEnabled: s.cacheClusterEnabled,
    cacheClusterStatus: "NOT_AVAILABLE",
    methodSettings: {},
    variables: nonEmpty(s.variables),
    tracingEnabled: s.tracingEnabled,
    tags: nonEmpty(s.tags),
    createdDate: s.createdDate,
    lastUpdatedDate: s.lastUpdatedDate,
  });
}
