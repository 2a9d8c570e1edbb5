/**
 * Request shapes of the Lambda operations the emulator serves (docs/aws-binary-rules.md §7), one zod schema per input.
 * Zod checks the JSON *shape* (members and types); AWS's value constraints (ranges, patterns, enums)
 * are checked in validate.ts so each failure gets AWS's own exception and message.
 */
import { z } from "zod";
import { invalidRequestContent, serializationError, validationError } from "./errors";

const str = z.string().optional();
const int = z.number().int().optional();
const bool = z.boolean().optional();
const stringMap = z.record(z.string(), z.string()).optional();

// Members AWS models but the emulator does not implement: accepted only with their default/empty value
// (see validate.ts `rejectUnsupported`) so a client never believes a setting took effect when it did not.
const unsupportedMembers = {
  Layers: z.array(z.string()).optional(),
  VpcConfig: z.looseObject({}).optional(),
  DeadLetterConfig: z.looseObject({}).optional(),
  KMSKeyArn: str,
  TracingConfig: z.strictObject({ Mode: str }).optional(),
  FileSystemConfigs: z.array(z.looseObject({})).optional(),
  ImageConfig: z.looseObject({}).optional(),
  EphemeralStorage: z.strictObject({ Size: int }).optional(),
  SnapStart: z.strictObject({ ApplyOn: str }).optional(),
  LoggingConfig: z.looseObject({}).optional(),
};

export const CodeSchema = z.strictObject({
  ZipFile: str,
  S3Bucket: str,
  S3Key: str,
  S3ObjectVersion: str,
  ImageUri: str,
  SourceKMSKeyArn: str,
});

export const EnvironmentSchema = z.strictObject({ Variables: stringMap });

export const CreateFunctionSchema = z.strictObject({
  FunctionName: z.string(),
  Role: z.string(),
  Code: CodeSchema,
  Runtime: str,
  Handler: str,
  Description: str,
  Timeout: int,
  MemorySize: int,
  Publish: bool,
  PackageType: str,
  Environment: EnvironmentSchema.optional(),
  Architectures: z.array(z.string()).optional(),
  Tags: stringMap,
  CodeSigningConfigArn: str,
  ...unsupportedMembers,
});
export type CreateFunctionInput = z.infer<typeof CreateFunctionSchema>;

export const UpdateFunctionCodeSchema = z.strictObject({
  ZipFile: str,
  S3Bucket: str,
  S3Key: str,
  S3ObjectVersion: str,
  ImageUri: str,
  SourceKMSKeyArn: str,
  Publish: bool,
  DryRun: bool,
  RevisionId: str,
  Architectures: z.array(z.string()).optional(),
});
export type UpdateFunctionCodeInput = z.infer<typeof UpdateFunctionCodeSchema>;

export const UpdateFunctionConfigurationSchema = z.strictObject({
  Role: str,
  Handler: str,
  Description: str,
  Timeout: int,
  MemorySize: int,
  Environment: EnvironmentSchema.optional(),
  Runtime: str,
  RevisionId: str,
  ...unsupportedMembers,
});
export type UpdateFunctionConfigurationInput = z.infer<typeof UpdateFunctionConfigurationSchema>;

export const AddPermissionSchema = z.strictObject({
  StatementId: z.string(),
  Action: z.string(),
  Principal: z.string(),
  SourceArn: str,
  SourceAccount: str,
  EventSourceToken: str,
  RevisionId: str,
  PrincipalOrgID: str,
  FunctionUrlAuthType: str,
  InvokedViaFunctionUrl: bool,
});
export type AddPermissionInput = z.infer<typeof AddPermissionSchema>;

/** AWS's lower-camel member name in "at 'x'" messages: FunctionName → functionName, Code.ZipFile → code.zipFile. */
function awsPath(path: PropertyKey[]): string {
  return path.map((p) => (typeof p === "string" ? p.charAt(0).toLowerCase() + p.slice(1) : String(p))).join(".");
}

/** Parses a control-plane JSON body (empty counts as `{}`), or throws AWS's 400 for malformed JSON. */
export function parseJsonBody(body: Buffer): unknown {
  const text = body.toString("utf8");
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch (err) {
    throw invalidRequestContent(`Could not parse request body into json: ${(err as Error).message}`);
  }
}

/** Checks a parsed body against a schema, throwing AWS's SerializationException/ValidationException on the first problem. */
export function parseShape<S extends z.ZodType>(schema: S, input: unknown, operation: string): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  if (issue.code === "unrecognized_keys") {
    const where = issue.path.length ? ` in ${issue.path.join(".")}` : "";
    throw serializationError(
      `Unrecognized field "${issue.keys[0]}"${where} (${operation}Request), not marked as ignorable`,
    );
  }
  if (issue.code === "invalid_type" && valueAt(input, issue.path) === undefined) {
    // A missing required member: AWS reports it as a null value (Coral validation).
    throw validationError(awsPath(issue.path), null, "Member must not be null");
  }
  const shown = issue.path.length ? issue.path.join(".") : "the request body";
  throw serializationError(
    `Cannot deserialize ${shown} in ${operation}Request: expected ${"expected" in issue ? String(issue.expected) : "a valid value"}`,
  );
}

// Zod does not report the offending input by default, so look it up to tell "missing" from "wrong type".
function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let v: unknown = input;
  for (const key of path) {
    if (typeof v !== "object" || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}
