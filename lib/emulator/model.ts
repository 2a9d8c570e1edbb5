/**
 * The emulator's persisted state: plain JSON, one tree per region (regions are separate, as on AWS).
 * Owned by the control planes (apigateway/, lambda/); read by the data plane. Dates are epoch seconds,
 * as on AWS's wire (spec §6). Every record is JSON-serialisable: no class instances, no undefined in arrays.
 */

export const STATE_VERSION = 1;

export interface EmulatorState {
  version: typeof STATE_VERSION;
  /** Keyed by region, e.g. "us-east-1". */
  regions: Record<string, RegionState>;
}

export interface RegionState {
  /** Keyed by REST API id (10 lower-case alphanumerics). */
  restApis: Record<string, RestApiRecord>;
  /** Keyed by function name. */
  functions: Record<string, FunctionRecord>;
}

export interface RestApiRecord {
  id: string;
  name: string;
  description?: string;
  version?: string;
  createdDate: number;
  /** The live list, in AWS's order (patch `replace` appends at the end, spec §6.1). */
  binaryMediaTypes: string[];
  minimumCompressionSize?: number;
  apiKeySource: "HEADER" | "AUTHORIZER";
  endpointConfiguration: { types: string[]; ipAddressType?: string; vpcEndpointIds?: string[] };
  disableExecuteApiEndpoint: boolean;
  policy?: string;
  tags: Record<string, string>;
  rootResourceId: string;
  /** Keyed by resource id. The root resource has path "/" and no pathPart. */
  resources: Record<string, ResourceRecord>;
  /** Keyed by deployment id. */
  deployments: Record<string, DeploymentRecord>;
  /** Keyed by stage name. */
  stages: Record<string, StageRecord>;
}

export interface ResourceRecord {
  id: string;
  parentId?: string;
  pathPart?: string;
  /** Full path, e.g. "/images/{id}" or "/{proxy+}". */
  path: string;
  /** Keyed by HTTP method ("GET", "ANY", ...). */
  methods: Record<string, MethodRecord>;
}

export interface MethodRecord {
  httpMethod: string;
  authorizationType: string;
  authorizerId?: string;
  apiKeyRequired: boolean;
  operationName?: string;
  requestParameters?: Record<string, boolean>;
  requestModels?: Record<string, string>;
  /** Keyed by status code (PutMethodResponse), e.g. CORS headers declared for a MOCK OPTIONS method. */
  methodResponses?: Record<string, MethodResponseRecord>;
  integration?: IntegrationRecord;
}

export interface MethodResponseRecord {
  statusCode: string;
  responseParameters?: Record<string, boolean>;
  responseModels?: Record<string, string>;
}

export interface IntegrationRecord {
  type: "HTTP" | "AWS" | "MOCK" | "HTTP_PROXY" | "AWS_PROXY";
  /** The integration's HTTP method (SDK: integrationHttpMethod). POST for Lambda. */
  httpMethod?: string;
  uri?: string;
  credentials?: string;
  connectionType?: string;
  requestParameters?: Record<string, string>;
  requestTemplates?: Record<string, string>;
  passthroughBehavior?: string;
  contentHandling?: "CONVERT_TO_BINARY" | "CONVERT_TO_TEXT";
  /** 50..29000, default 29000 (spec §6, §8). */
  timeoutInMillis: number;
  cacheNamespace?: string;
  cacheKeyParameters: string[];
  /** Keyed by status code (MOCK/non-proxy integrations). */
  integrationResponses?: Record<string, IntegrationResponseRecord>;
}

export interface IntegrationResponseRecord {
  statusCode: string;
  selectionPattern?: string;
  responseParameters?: Record<string, string>;
  responseTemplates?: Record<string, string>;
  contentHandling?: "CONVERT_TO_BINARY" | "CONVERT_TO_TEXT";
}

/** A frozen copy of what invoke traffic uses: nothing live on the API changes a stage until a new deployment. */
export interface DeploymentSnapshot {
  name: string;
  description?: string;
  version?: string;
  binaryMediaTypes: string[];
  rootResourceId: string;
  resources: Record<string, ResourceRecord>;
}

export interface DeploymentRecord {
  id: string;
  description?: string;
  createdDate: number;
  snapshot: DeploymentSnapshot;
}

export interface StageRecord {
  stageName: string;
  deploymentId: string;
  description?: string;
  variables: Record<string, string>;
  tracingEnabled: boolean;
  cacheClusterEnabled: boolean;
  createdDate: number;
  lastUpdatedDate: number;
  tags: Record<string, string>;
}

export interface FunctionRecord {
  name: string;
  /** arn:aws:lambda:{region}:{account}:function:{name} */
  arn: string;
  runtime: string;
  handler: string;
  role: string;
  description: string;
  /** Seconds, 1..900, default 3. */
  timeout: number;
  /** MB, 128..10240, default 128. */
  memorySize: number;
  environment: Record<string, string>;
  architectures: string[];
  /** Base64 of the SHA-256 of the zip, as AWS's CodeSha256. */
  codeSha256: string;
  codeSize: number;
  /** ISO-8601 with +0000, as Lambda writes LastModified. */
  lastModified: string;
  revisionId: string;
  version: "$LATEST";
  state: "Active";
  tags: Record<string, string>;
  /** Resource-based policy; absent until the first AddPermission. */
  policy?: FunctionPolicy;
}

export interface FunctionPolicy {
  revisionId: string;
  statements: PolicyStatement[];
}

/** One statement as Lambda writes it in GetPolicy's document. */
export interface PolicyStatement {
  Sid: string;
  Effect: "Allow";
  Principal: { Service: string } | { AWS: string };
  Action: string;
  Resource: string;
  Condition?: Record<string, Record<string, string>>;
}

/** An empty state. */
export function emptyState(): EmulatorState {
  return { version: STATE_VERSION, regions: {} };
}

/** The region's tree, created on first write. */
export function regionOf(state: EmulatorState, region: string): RegionState {
  return (state.regions[region] ??= { restApis: {}, functions: {} });
}
