/**
 * lib/aws's own types: what pages, actions and the preview receive. Never raw SDK shapes
 * (docs/conventions.md "One module owns each outside system"). Dates are ISO strings so that the values
 * cross the server/client boundary unchanged.
 */
import type { TransferMode } from "@/lib/binary";
import type { Owner } from "@/lib/iac";

/** What a user can cause or fix, as a value (docs/conventions.md "Expected failures are values"). */
export type AwsFailureCode =
  | "not-found"
  | "throttled"
  | "access-denied"
  | "conflict"
  | "credentials-expired"
  | "target-unreachable"
  | "target-timeout"
  | "invalid"
  | "unknown";

export interface AwsFailure {
  code: AwsFailureCode;
  /** Safe to show on a page: never the raw SDK message of an unexpected error. */
  message: string;
  /** For access-denied: the IAM action (and resource) the caller lacks. */
  iamAction?: string;
}

/** A value or the expected failure that prevented it. */
export type Result<T, E> = { ok: true; data: T } | { ok: false; error: E };

/** The result of every lib/aws call. */
export type AwsResult<T> = Result<T, AwsFailure>;

/** A successful Result. */
export const ok = <T>(data: T): { ok: true; data: T } => ({ ok: true, data });

/** A failed Result. */
export const err = <E>(error: E): { ok: false; error: E } => ({ ok: false, error });

export interface RestApiSummary {
  id: string;
  name: string;
  description?: string;
  /** ISO-8601. */
  createdDate?: string;
  /** AWS omits the list when empty (docs/aws-binary-rules.md §6); we always give an array. */
  binaryMediaTypes: string[];
  endpointTypes: string[];
  rootResourceId?: string;
  /** The API's tags as GetRestApis returns them ({} when none). */
  tags: Record<string, string>;
  /** Who deploys it, read from the tags alone (lib/iac): no extra call per API. */
  owner: Owner;
}

export interface RestApiPage {
  items: RestApiSummary[];
  /** The next page's token, absent on the last page. */
  position?: string;
}

export interface StageSummary {
  stageName: string;
  deploymentId?: string;
  description?: string;
  createdDate?: string;
  lastUpdatedDate?: string;
}

export interface DeploymentSummary {
  id: string;
  description?: string;
  createdDate?: string;
}

export interface DeployedRoute {
  path: string;
  methods: string[];
}

/** What a stage serves: its deployment's snapshot, read through GetExport (docs/aws-binary-rules.md §6.2). */
export interface DeployedStageConfig {
  binaryMediaTypes: string[];
  routes: DeployedRoute[];
}

export interface MethodSummary {
  httpMethod: string;
  /** AWS_PROXY, MOCK, HTTP, ... or undefined when the method has no integration. */
  integrationType?: string;
  /** Parsed from a Lambda integration uri (docs/aws-binary-rules.md §6 "Lambda (proxy) integration URI"). */
  lambdaFunctionName?: string;
  lambdaFunctionArn?: string;
  /** The integration's responseTransferMode (BUFFERED when AWS leaves it out); undefined without an integration. */
  transferMode?: TransferMode;
  /** The integration's (request side) contentHandling, when set. */
  contentHandling?: string;
}

export interface ResourceSummary {
  id: string;
  path: string;
  methods: MethodSummary[];
}

/** The outcome of an idempotent add/remove of a binary media type (docs/security.md promise 6). */
export interface MediaTypeChange {
  /** False when the type was already present (add) or already absent (remove). */
  changed: boolean;
  mediaType: string;
  message: string;
  /** The API's live list after the call. */
  binaryMediaTypes: string[];
}

export type TargetKindLabel = "local" | "aws" | "custom";

/** Which target, account and region a change would hit (docs/security.md promise 10). */
export interface TargetInfo {
  kind: TargetKindLabel;
  label: string;
  region: string;
  /** 000000000000 for the emulator; parsed from an ARN or "unknown" for AWS. */
  account: string;
  /** The control-plane endpoint, or "AWS default" for real AWS. */
  endpoint: string;
}
