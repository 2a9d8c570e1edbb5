/**
 * Function CRUD of Lambda's API (docs/aws-binary-rules.md §7): CreateFunction, GetFunction, ListFunctions,
 * DeleteFunction, UpdateFunctionCode, UpdateFunctionConfiguration. Every change goes through Store.mutate; warm workers
 * of a changed or deleted function are evicted so the next Invoke runs the new code and settings.
 */
import { randomUUID } from "node:crypto";
import type { AwsCall, AwsReply, EmulatorContext } from "../contracts";
import { codeLocationUrl } from "../code-location";
import { regionOf, type FunctionRecord } from "../model";
import { functionNotFound, invalidParameter, resourceConflict, revisionMismatch, validationError } from "./errors";
import { functionArn, newFunctionName } from "./names";
import {
  CreateFunctionSchema,
  UpdateFunctionCodeSchema,
  UpdateFunctionConfigurationSchema,
  parseJsonBody,
  parseShape,
} from "./schemas";
import {
  checkArchitectures,
  checkDescription,
  checkEnvironment,
  checkHandler,
  checkMemorySize,
  checkRole,
  checkRuntime,
  checkTimeout,
  checkZipFile,
  rejectUnsupported,
} from "./validate";

/** ListFunctions returns at most 50 functions per page whatever MaxItems says (docs/aws-binary-rules.md §7). */
export const LIST_PAGE_LIMIT = 50;

/** Lambda's LastModified format: ISO-8601 with milliseconds and "+0000" (e.g. 2026-11-24T21:00:00.000+0000). */
export function lastModifiedNow(now = new Date()): string {
  return now.toISOString().replace("Z", "+0000");
}

/** A stored function as Lambda's FunctionConfiguration. */
export function toConfiguration(fn: FunctionRecord): Record<string, unknown> {
  return {
    FunctionName: fn.name,
    FunctionArn: fn.arn,
    Runtime: fn.runtime,
    Role: fn.role,
    Handler: fn.handler,
    CodeSize: fn.codeSize,
    Description: fn.description,
    Timeout: fn.timeout,
    MemorySize: fn.memorySize,
    LastModified: fn.lastModified,
    CodeSha256: fn.codeSha256,
    Version: fn.version,
    // AWS omits Environment for a function that never had variables.
    ...(Object.keys(fn.environment).length > 0 ? { Environment: { Variables: { ...fn.environment } } } : {}),
    TracingConfig: { Mode: "PassThrough" },
    RevisionId: fn.revisionId,
    State: fn.state,
    LastUpdateStatus: "Successful",
    PackageType: "Zip",
    Architectures: [...fn.architectures],
    EphemeralStorage: { Size: 512 },
    SnapStart: { ApplyOn: "None", OptimizationStatus: "Off" },
    LoggingConfig: { LogFormat: "Text", LogGroup: `/aws/lambda/${fn.name}` },
  };
}

/** The stored function, or AWS's 404 naming its ARN (P10). */
export function getFunctionRecord(ctx: EmulatorContext, region: string, name: string): FunctionRecord {
  const fn = ctx.store.read().regions[region]?.functions[name];
  if (!fn) throw functionNotFound(functionArn(region, ctx.config.accountId, name));
  return fn;
}

function refuseNonZipCode(code: {
  S3Bucket?: string;
  S3Key?: string;
  S3ObjectVersion?: string;
  ImageUri?: string;
}): void {
  if (
    code.S3Bucket !== undefined ||
    code.S3Key !== undefined ||
    code.S3ObjectVersion !== undefined ||
    code.ImageUri !== undefined
  ) {
    throw invalidParameter(
      "The BinaryGate emulator takes function code as Code.ZipFile only (no S3Bucket/S3Key or ImageUri).",
    );
  }
}

/** CreateFunction: POST /2015-03-31/functions → 201 FunctionConfiguration. */
export async function createFunction(ctx: EmulatorContext, call: AwsCall): Promise<AwsReply> {
  const input = parseShape(CreateFunctionSchema, parseJsonBody(call.body), "CreateFunction");
  const region = call.region;
  const account = ctx.config.accountId;
  const name = newFunctionName(input.FunctionName, region, account);
  const role = checkRole(input.Role);
  rejectUnsupported(input);
  if (input.PackageType !== undefined && input.PackageType !== "Zip") {
    if (input.PackageType === "Image") {
      throw invalidParameter("The BinaryGate emulator runs Zip packages only (PackageType Image is not supported).");
    }
    throw validationError("packageType", input.PackageType, "Member must satisfy enum value set: [Zip, Image]");
  }
  if (input.Publish === true) {
    throw invalidParameter("The BinaryGate emulator has $LATEST only: Publish must be false or omitted.");
  }
  refuseNonZipCode(input.Code);
  if (input.Code.ZipFile === undefined) {
    throw invalidParameter("Please provide a source for function code.");
  }
  if (input.Runtime === undefined)
    throw invalidParameter(
      "Runtime and Handler are mandatory parameters for functions created with deployment packages.",
    );
  if (input.Handler === undefined)
    throw invalidParameter(
      "Runtime and Handler are mandatory parameters for functions created with deployment packages.",
    );
  const runtime = checkRuntime(input.Runtime);
  const handler = checkHandler(input.Handler);
  const timeout = input.Timeout === undefined ? 3 : checkTimeout(input.Timeout);
  const memorySize = input.MemorySize === undefined ? 128 : checkMemorySize(input.MemorySize);
  const description = input.Description === undefined ? "" : checkDescription(input.Description);
  const environment = checkEnvironment(input.Environment?.Variables ?? {});
  const architectures = checkArchitectures(input.Architectures ?? ["x86_64"]);
  const code = await checkZipFile(input.Code.ZipFile, "CreateFunction");

  const conflict = () => resourceConflict(`Function already exist: ${name}`);
  if (ctx.store.read().regions[region]?.functions[name]) throw conflict();
  await ctx.store.saveCode(region, name, code.codeSha256, code.zip);
  const record: FunctionRecord = {
    name,
    arn: functionArn(region, account, name),
    runtime,
    handler,
    role,
    description,
    timeout,
    memorySize,
    environment,
    architectures,
    codeSha256: code.codeSha256,
    codeSize: code.codeSize,
    lastModified: lastModifiedNow(),
    revisionId: randomUUID(),
    version: "$LATEST",
    state: "Active",
    tags: { ...(input.Tags ?? {}) },
  };
  // Re-checked inside the serialised mutation: two concurrent creates of one name give one 201 and one 409.
  await ctx.store.mutate((draft) => {
    const functions = regionOf(draft, region).functions;
    if (functions[name]) throw conflict();
    functions[name] = record;
  });
  return { status: 201, body: toConfiguration(record) };
}

/** GetFunction: 200 {Configuration, Code, Tags?}. */
export async function getFunction(ctx: EmulatorContext, call: AwsCall, name: string): Promise<AwsReply> {
  const fn = getFunctionRecord(ctx, call.region, name);
  // Code.Location downloads the zip as AWS's presigned URL does, from this emulator (code-location.ts); the
  // Host is the one the caller reached us by, already checked against the allowed names (guard.ts).
  const given = call.headers.host;
  const host = typeof given === "string" && given !== "" ? given : `127.0.0.1:${ctx.config.port}`;
  return {
    status: 200,
    body: {
      Configuration: toConfiguration(fn),
      Code: { RepositoryType: "S3", Location: codeLocationUrl(host, call.region, fn.name, fn.codeSha256) },
      ...(Object.keys(fn.tags).length > 0 ? { Tags: { ...fn.tags } } : {}),
    },
  };
}

/** GetFunctionConfiguration: 200 FunctionConfiguration. */
export async function getFunctionConfiguration(ctx: EmulatorContext, call: AwsCall, name: string): Promise<AwsReply> {
  return { status: 200, body: toConfiguration(getFunctionRecord(ctx, call.region, name)) };
}

/**
 * ListFunctions: name order, pages of at most 50 (docs/aws-binary-rules.md §7). The Marker is the base64url of the last
 * name returned, so a page boundary stays put when functions before it are deleted.
 */
export async function listFunctions(ctx: EmulatorContext, call: AwsCall): Promise<AwsReply> {
  const q = call.url.searchParams;
  let max = LIST_PAGE_LIMIT;
  const maxItems = q.get("MaxItems");
  if (maxItems !== null) {
    if (!/^-?\d+$/.test(maxItems)) throw validationError("maxItems", maxItems, "Member must be an integer");
    const n = Number(maxItems);
    if (n < 1) throw validationError("maxItems", maxItems, "Member must have value greater than or equal to 1");
    if (n > 10000) throw validationError("maxItems", maxItems, "Member must have value less than or equal to 10000");
    max = Math.min(n, LIST_PAGE_LIMIT);
  }
  const functionVersion = q.get("FunctionVersion");
  if (functionVersion !== null && functionVersion !== "ALL") {
    throw validationError("functionVersion", functionVersion, "Member must satisfy enum value set: [ALL]");
  }
  const all = Object.values(ctx.store.read().regions[call.region]?.functions ?? {}).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  let start = 0;
  const marker = q.get("Marker");
  if (marker !== null) {
    const after = Buffer.from(marker, "base64url").toString("utf8");
    if (!/^[a-zA-Z0-9\-_]{1,64}$/.test(after) || Buffer.from(after, "utf8").toString("base64url") !== marker) {
      throw invalidParameter("Invalid marker.");
    }
    start = all.findIndex((f) => f.name > after);
    if (start === -1) start = all.length;
  }
  const page = all.slice(start, start + max);
  const more = start + max < all.length;
  return {
    status: 200,
    body: {
      Functions: page.map(toConfiguration),
      ...(more ? { NextMarker: Buffer.from(page[page.length - 1]!.name, "utf8").toString("base64url") } : {}),
    },
  };
}

/** DeleteFunction: 204; removes the function with its policy and evicts its workers. */
export async function deleteFunction(
  ctx: EmulatorContext,
  call: AwsCall,
  name: string,
  qualifier: string | undefined,
): Promise<AwsReply> {
  if (qualifier === "$LATEST") {
    throw invalidParameter("$LATEST version cannot be deleted without deleting the function.");
  }
  const region = call.region;
  getFunctionRecord(ctx, region, name);
  await ctx.store.mutate((draft) => {
    const functions = regionOf(draft, region).functions;
    if (!functions[name]) throw functionNotFound(functionArn(region, ctx.config.accountId, name));
    delete functions[name];
  });
  ctx.runtime.evict(region, name);
  return { status: 204 };
}

/** UpdateFunctionCode: PUT …/code with Code.ZipFile → 200 FunctionConfiguration (DryRun validates only). */
export async function updateFunctionCode(ctx: EmulatorContext, call: AwsCall, name: string): Promise<AwsReply> {
  const input = parseShape(UpdateFunctionCodeSchema, parseJsonBody(call.body), "UpdateFunctionCode");
  const region = call.region;
  const current = getFunctionRecord(ctx, region, name);
  if (input.Publish === true) {
    throw invalidParameter("The BinaryGate emulator has $LATEST only: Publish must be false or omitted.");
  }
  refuseNonZipCode(input);
  if (input.ZipFile === undefined) throw invalidParameter("Please provide a source for function code.");
  const architectures = input.Architectures === undefined ? undefined : checkArchitectures(input.Architectures);
  const code = await checkZipFile(input.ZipFile, "UpdateFunctionCode");
  if (input.RevisionId !== undefined && input.RevisionId !== current.revisionId) throw revisionMismatch();
  if (input.DryRun === true) {
    return { status: 200, body: toConfiguration({ ...current, codeSha256: code.codeSha256, codeSize: code.codeSize }) };
  }
  await ctx.store.saveCode(region, name, code.codeSha256, code.zip);
  const updated = await ctx.store.mutate((draft) => {
    const fn = regionOf(draft, region).functions[name];
    if (!fn) throw functionNotFound(functionArn(region, ctx.config.accountId, name));
    if (input.RevisionId !== undefined && input.RevisionId !== fn.revisionId) throw revisionMismatch();
    fn.codeSha256 = code.codeSha256;
    fn.codeSize = code.codeSize;
    if (architectures) fn.architectures = architectures;
    fn.lastModified = lastModifiedNow();
    fn.revisionId = randomUUID();
    return structuredClone(fn);
  });
  ctx.runtime.evict(region, name);
  return { status: 200, body: toConfiguration(updated) };
}

/** UpdateFunctionConfiguration: PUT …/configuration → 200 FunctionConfiguration. */
export async function updateFunctionConfiguration(
  ctx: EmulatorContext,
  call: AwsCall,
  name: string,
): Promise<AwsReply> {
  const input = parseShape(UpdateFunctionConfigurationSchema, parseJsonBody(call.body), "UpdateFunctionConfiguration");
  const region = call.region;
  getFunctionRecord(ctx, region, name);
  rejectUnsupported(input);
  const changes: Partial<FunctionRecord> = {};
  if (input.Role !== undefined) changes.role = checkRole(input.Role);
  if (input.Handler !== undefined) changes.handler = checkHandler(input.Handler);
  if (input.Runtime !== undefined) changes.runtime = checkRuntime(input.Runtime);
  if (input.Timeout !== undefined) changes.timeout = checkTimeout(input.Timeout);
  if (input.MemorySize !== undefined) changes.memorySize = checkMemorySize(input.MemorySize);
  if (input.Description !== undefined) changes.description = checkDescription(input.Description);
  // Environment replaces the whole variable map, as on AWS; {} or {Variables:{}} clears it.
  if (input.Environment !== undefined) changes.environment = checkEnvironment(input.Environment.Variables ?? {});
  const updated = await ctx.store.mutate((draft) => {
    const fn = regionOf(draft, region).functions[name];
    if (!fn) throw functionNotFound(functionArn(region, ctx.config.accountId, name));
    if (input.RevisionId !== undefined && input.RevisionId !== fn.revisionId) throw revisionMismatch();
    Object.assign(fn, changes);
    fn.lastModified = lastModifiedNow();
    fn.revisionId = randomUUID();
    return structuredClone(fn);
  });
  ctx.runtime.evict(region, name);
  return { status: 200, body: toConfiguration(updated) };
}
