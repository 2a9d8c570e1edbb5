/**
 * The one context a stage invocation carries through the data plane's steps. Each step takes the context as
 * the previous step left it and returns it with its own part added, so a step can only read what earlier
 * steps established (the type says which).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { EmulatorContext, ExecuteApiTarget } from "../contracts";
import type {
  DeploymentRecord,
  DeploymentSnapshot,
  FunctionRecord,
  IntegrationRecord,
  MethodRecord,
  ResourceRecord,
  RestApiRecord,
  StageRecord,
} from "../model";

/** The ids API Gateway puts on every answer. */
export interface RequestIds {
  requestId: string;
  apigwId: string;
  traceId: string;
}

/** What is known when the request arrives. */
export interface Invocation {
  readonly ctx: EmulatorContext;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly target: ExecuteApiTarget;
  readonly ids: RequestIds;
  /** The request's method, upper-cased. */
  readonly httpMethod: string;
}

/** After readRequest: the whole body, within the edge's limit. */
export interface Received extends Invocation {
  readonly body: Buffer;
}

/** After resolveStage: the API, its stage and the deployment the stage points at. */
export interface Staged extends Received {
  readonly region: string;
  readonly api: RestApiRecord;
  readonly stage: StageRecord;
  readonly deployment: DeploymentRecord;
  /** What the request is served from: never the live API (docs/aws-binary-rules.md §5). */
  readonly snapshot: DeploymentSnapshot;
}

/** After route: the resource and method the request hits, and that method's integration. */
export interface Routed extends Staged {
  readonly resource: ResourceRecord;
  readonly method: MethodRecord;
  readonly integration: IntegrationRecord;
  readonly pathParameters: Record<string, string> | null;
}

/** After authorize: the Lambda function, which lets API Gateway invoke it. */
export interface Authorized extends Routed {
  readonly fn: FunctionRecord;
  readonly fnRegion: string;
}

/** After buildEvent: the proxy event as the JSON payload Lambda receives. */
export interface Evented extends Authorized {
  readonly payload: Buffer;
}
