/**
 * The emulator's persisted state: plain JSON, one tree per region (regions are separate, as on AWS).
 * Owned by the control planes (apigateway/, lambda/); read by the data plane. Dates are epoch seconds,
 * as on AWS's wire (docs/aws-binary-rules.md §6). Every record is JSON-serialisable: no class instances,
 * no undefined in arrays. Described once, as zod schemas (state.json is validated with them on load); the
 * record types are derived from the schemas.
 */
import { z } from "zod";

export const STATE_VERSION = 1;

/**
 * A loose schema's type without its `[k: string]: unknown` index signature. The schemas are loose so that
 * fields a newer version wrote survive a load and the next write (nothing is lost on a downgrade); the code
 * still sees, and type-checks against, only the fields it knows.
 */
type Known<T> = T extends readonly (infer U)[]
  ? Known<U>[]
  : T extends object
    ? { [K in keyof T as string extends K ? (unknown extends T[K] ? never : K) : K]: Known<T[K]> }
    : T;

const strMap = z.record(z.string(), z.string());
const contentHandling = z.enum(["CONVERT_TO_BINARY", "CONVERT_TO_TEXT"]);

const IntegrationResponseSchema = z.looseObject({
  statusCode: z.string(),
  selectionPattern: z.string().optional(),
  responseParameters: strMap.optional(),
  responseTemplates: strMap.optional(),
  contentHandling: contentHandling.optional(),
});

const IntegrationSchema = z.looseObject({
  type: z.enum(["HTTP", "AWS", "MOCK", "HTTP_PROXY", "AWS_PROXY"]),
  /** The integration's HTTP method (SDK: integrationHttpMethod). POST for Lambda. */
  httpMethod: z.string().optional(),
  uri: z.string().optional(),
  credentials: z.string().optional(),
  connectionType: z.string().optional(),
  requestParameters: strMap.optional(),
  requestTemplates: strMap.optional(),
  passthroughBehavior: z.string().optional(),
  contentHandling: contentHandling.optional(),
  /** 50..29000, default 29000 (docs/aws-binary-rules.md §6, §8); up to 900000 with STREAM (docs/streaming.md §0.4). */
  timeoutInMillis: z.number().int(),
  /** Absent on records written before streaming existed: read as BUFFERED, AWS's default (docs/streaming.md §1.2). */
  responseTransferMode: z.enum(["BUFFERED", "STREAM"]).optional(),
  cacheNamespace: z.string().optional(),
  cacheKeyParameters: z.array(z.string()),
  /** Keyed by status code (MOCK/non-proxy integrations). */
  integrationResponses: z.record(z.string(), IntegrationResponseSchema).optional(),
});

const MethodResponseSchema = z.looseObject({
  statusCode: z.string(),
  responseParameters: z.record(z.string(), z.boolean()).optional(),
  responseModels: strMap.optional(),
});

const MethodSchema = z.looseObject({
  httpMethod: z.string(),
  authorizationType: z.string(),
  authorizerId: z.string().optional(),
  apiKeyRequired: z.boolean(),
  operationName: z.string().optional(),
  requestParameters: z.record(z.string(), z.boolean()).optional(),
  requestModels: strMap.optional(),
  /** Keyed by status code (PutMethodResponse), e.g. CORS headers declared for a MOCK OPTIONS method. */
  methodResponses: z.record(z.string(), MethodResponseSchema).optional(),
  integration: IntegrationSchema.optional(),
});

const ResourceSchema = z.looseObject({
  id: z.string(),
  parentId: z.string().optional(),
  pathPart: z.string().optional(),
  /** Full path, e.g. "/images/{id}" or "/{proxy+}". The root resource has path "/" and no pathPart. */
  path: z.string(),
  /** Keyed by HTTP method ("GET", "ANY", ...). */
  methods: z.record(z.string(), MethodSchema),
});

/** A frozen copy of what invoke traffic uses: nothing live on the API changes a stage until a new deployment. */
const SnapshotSchema = z.looseObject({
  name: z.string(),
  description: z.string().optional(),
  version: z.string().optional(),
  binaryMediaTypes: z.array(z.string()),
  rootResourceId: z.string(),
  resources: z.record(z.string(), ResourceSchema),
});

const DeploymentSchema = z.looseObject({
  id: z.string(),
  description: z.string().optional(),
  createdDate: z.number(),
  snapshot: SnapshotSchema,
});

const StageSchema = z.looseObject({
  stageName: z.string(),
  deploymentId: z.string(),
  description: z.string().optional(),
  variables: strMap,
  tracingEnabled: z.boolean(),
  cacheClusterEnabled: z.boolean(),
  createdDate: z.number(),
  lastUpdatedDate: z.number(),
  tags: strMap,
});

const RestApiSchema = z.looseObject({
  /** 10 lower-case alphanumerics. */
  id: z.string(),
  name: z.string(),
  description: z.string().optional(),
  version: z.string().optional(),
  createdDate: z.number(),
  /** The live list, in AWS's order (patch `replace` appends at the end, docs/aws-binary-rules.md §6.1). */
  binaryMediaTypes: z.array(z.string()),
  minimumCompressionSize: z.number().int().optional(),
  apiKeySource: z.enum(["HEADER", "AUTHORIZER"]),
  endpointConfiguration: z.looseObject({
    types: z.array(z.string()),
    ipAddressType: z.string().optional(),
    vpcEndpointIds: z.array(z.string()).optional(),
  }),
  disableExecuteApiEndpoint: z.boolean(),
  policy: z.string().optional(),
  tags: strMap,
  rootResourceId: z.string(),
  /** Keyed by resource id. */
  resources: z.record(z.string(), ResourceSchema),
  /** Keyed by deployment id. */
  deployments: z.record(z.string(), DeploymentSchema),
  /** Keyed by stage name. */
  stages: z.record(z.string(), StageSchema),
});

/** IAM's grammar lets a principal, an action and a condition value be one string or a list of them. */
const oneOrMany = z.union([z.string(), z.array(z.string())]);

/**
 * One statement as Lambda writes it in GetPolicy's document. AddPermission writes single strings; the lists
 * IAM also allows are accepted so that a policy written elsewhere is still read right by the data plane.
 */
const PolicyStatementSchema = z.looseObject({
  Sid: z.string(),
  Effect: z.literal("Allow"),
  Principal: z.union([z.looseObject({ Service: oneOrMany }), z.looseObject({ AWS: oneOrMany })]),
  Action: oneOrMany,
  Resource: z.string(),
  Condition: z.record(z.string(), z.record(z.string(), oneOrMany)).optional(),
});

const FunctionPolicySchema = z.looseObject({ revisionId: z.string(), statements: z.array(PolicyStatementSchema) });

const FunctionSchema = z.looseObject({
  name: z.string(),
  /** arn:aws:lambda:{region}:{account}:function:{name} */
  arn: z.string(),
  runtime: z.string(),
  handler: z.string(),
  role: z.string(),
  description: z.string(),
  /** Seconds, 1..900, default 3. */
  timeout: z.number(),
  /** MB, 128..10240, default 128. */
  memorySize: z.number(),
  environment: strMap,
  architectures: z.array(z.string()),
  /** Base64 of the SHA-256 of the zip, as AWS's CodeSha256. */
  codeSha256: z.string(),
  codeSize: z.number(),
  /** ISO-8601 with +0000, as Lambda writes LastModified. */
  lastModified: z.string(),
  revisionId: z.string(),
  version: z.literal("$LATEST"),
  state: z.literal("Active"),
  tags: strMap,
  /** Resource-based policy; absent until the first AddPermission. */
  policy: FunctionPolicySchema.optional(),
});

const RegionStateSchema = z.looseObject({
  /** Keyed by REST API id. */
  restApis: z.record(z.string(), RestApiSchema),
  /** Keyed by function name. */
  functions: z.record(z.string(), FunctionSchema),
});

/** The whole state as state.json holds it; validated on every load. */
export const EmulatorStateSchema = z.looseObject({
  version: z.literal(STATE_VERSION),
  /** Keyed by region, e.g. "us-east-1". */
  regions: z.record(z.string(), RegionStateSchema),
});

export type EmulatorState = Known<z.infer<typeof EmulatorStateSchema>>;
export type RegionState = Known<z.infer<typeof RegionStateSchema>>;
export type RestApiRecord = Known<z.infer<typeof RestApiSchema>>;
export type ResourceRecord = Known<z.infer<typeof ResourceSchema>>;
export type MethodRecord = Known<z.infer<typeof MethodSchema>>;
export type MethodResponseRecord = Known<z.infer<typeof MethodResponseSchema>>;
export type IntegrationRecord = Known<z.infer<typeof IntegrationSchema>>;
export type IntegrationResponseRecord = Known<z.infer<typeof IntegrationResponseSchema>>;
export type DeploymentSnapshot = Known<z.infer<typeof SnapshotSchema>>;
export type DeploymentRecord = Known<z.infer<typeof DeploymentSchema>>;
export type StageRecord = Known<z.infer<typeof StageSchema>>;
export type FunctionRecord = Known<z.infer<typeof FunctionSchema>>;
export type FunctionPolicy = Known<z.infer<typeof FunctionPolicySchema>>;
export type PolicyStatement = Known<z.infer<typeof PolicyStatementSchema>>;

/** An empty state. */
export function emptyState(): EmulatorState {
  return { version: STATE_VERSION, regions: {} };
}

/** The region's tree, created on first write. */
export function regionOf(state: EmulatorState, region: string): RegionState {
  return (state.regions[region] ??= { restApis: {}, functions: {} });
}
