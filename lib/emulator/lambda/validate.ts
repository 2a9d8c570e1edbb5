/**
 * AWS's value constraints for Lambda function settings (docs/aws-binary-rules.md §7, §8), each failing with the
 * exception and message Lambda sends, so SDK and CLI users see what they would see on AWS.
 */
import { createHash } from "node:crypto";
import { decodeBase64Strict } from "../../binary";
import { AwsError } from "../errors";
import { measureZip, UNZIPPED_LIMIT_BYTES, UnzippedTooLargeError, ZipFormatError } from "../runtime/code";
import { invalidParameter, requestTooLarge, validationError } from "./errors";

/** The runtimes the emulator can run (the runtime part has Node.js and Python workers). */
export const SUPPORTED_RUNTIMES = [
  "nodejs18.x",
  "nodejs20.x",
  "nodejs22.x",
  "python3.9",
  "python3.10",
  "python3.11",
  "python3.12",
  "python3.13",
] as const;

export const ROLE_PATTERN_TEXT = "arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+";
const ROLE_PATTERN = new RegExp(`^${ROLE_PATTERN_TEXT}$`);

/** Direct-upload limit of CreateFunction/UpdateFunctionCode: 50 MB zipped. */
export const ZIP_UPLOAD_LIMIT_BYTES = 52_428_800;
/** AWS states the limit as the request size: 50 MB in base64 (the server caps bodies at the same number). */
export const ZIP_REQUEST_LIMIT_BYTES = 69_905_067;
export { UNZIPPED_LIMIT_BYTES };
/** Total size of all environment variables (4 KB). */
export const ENVIRONMENT_LIMIT_BYTES = 4096;

const ENV_KEY = /^[a-zA-Z]([a-zA-Z0-9_])+$/;
// Keys the Lambda runtime sets itself; AWS refuses them in Environment.Variables.
const RESERVED_ENV_KEYS = new Set([
  "_HANDLER",
  "_X_AMZN_TRACE_ID",
  "AWS_DEFAULT_REGION",
  "AWS_REGION",
  "AWS_EXECUTION_ENV",
  "AWS_LAMBDA_FUNCTION_NAME",
  "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
  "AWS_LAMBDA_FUNCTION_VERSION",
  "AWS_LAMBDA_INITIALIZATION_TYPE",
  "AWS_LAMBDA_LOG_GROUP_NAME",
  "AWS_LAMBDA_LOG_STREAM_NAME",
  "AWS_ACCESS_KEY",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_LAMBDA_RUNTIME_API",
  "LAMBDA_TASK_ROOT",
  "LAMBDA_RUNTIME_DIR",
]);

/** Checks Runtime against the emulator's runtimes, in the words AWS uses for an unknown runtime. */
export function checkRuntime(runtime: string): string {
  if (!(SUPPORTED_RUNTIMES as readonly string[]).includes(runtime)) {
    throw invalidParameter(
      `Value ${runtime} at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [${SUPPORTED_RUNTIMES.join(", ")}] or be a valid ARN`,
    );
  }
  return runtime;
}

/** Checks an execution role ARN against AWS's pattern. */
export function checkRole(role: string): string {
  if (!ROLE_PATTERN.test(role)) {
    throw validationError("role", role, `Member must satisfy regular expression pattern: ${ROLE_PATTERN_TEXT}`);
  }
  return role;
}

/** Checks Handler (AWS: `[^\s]+`, at most 128 characters). */
export function checkHandler(handler: string): string {
  if (handler.length > 128)
    throw validationError("handler", handler, "Member must have length less than or equal to 128");
  if (!/^[^\s]+$/.test(handler))
    throw validationError("handler", handler, "Member must satisfy regular expression pattern: [^\\s]+");
  return handler;
}

/** Checks Timeout in seconds (1..900). */
export function checkTimeout(timeout: number): number {
  if (timeout < 1) throw validationError("timeout", timeout, "Member must have value greater than or equal to 1");
  if (timeout > 900) throw validationError("timeout", timeout, "Member must have value less than or equal to 900");
  return timeout;
}

/** Checks MemorySize in MB (128..10240). */
export function checkMemorySize(memorySize: number): number {
  if (memorySize < 128)
    throw validationError("memorySize", memorySize, "Member must have value greater than or equal to 128");
  if (memorySize > 10240)
    throw validationError("memorySize", memorySize, "Member must have value less than or equal to 10240");
  return memorySize;
}

/** Checks Description (at most 256 characters). */
export function checkDescription(description: string): string {
  if (description.length > 256)
    throw validationError("description", description, "Member must have length less than or equal to 256");
  return description;
}

/** Checks Architectures: exactly one of x86_64 or arm64. */
export function checkArchitectures(architectures: string[]): string[] {
  if (architectures.length !== 1) {
    throw validationError(
      "architectures",
      `[${architectures.join(", ")}]`,
      "Member must have length less than or equal to 1",
    );
  }
  if (architectures[0] !== "x86_64" && architectures[0] !== "arm64") {
    throw validationError(
      "architectures",
      `[${architectures[0]}]`,
      "Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64]]",
    );
  }
  return architectures;
}

/** Checks Environment.Variables: key pattern, reserved keys, 4 KB total (AWS's messages). */
export function checkEnvironment(variables: Record<string, string>): Record<string, string> {
  const keys = Object.keys(variables);
  if (keys.some((k) => !ENV_KEY.test(k))) {
    throw new AwsError(
      400,
      "ValidationException",
      "1 validation error detected: Value at 'environment.variables' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+]",
    );
  }
  const reserved = keys.filter((k) => RESERVED_ENV_KEYS.has(k));
  if (reserved.length > 0) {
    throw invalidParameter(
      `Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: ${reserved.join(", ")}`,
    );
  }
  const measured = JSON.stringify(variables);
  if (Buffer.byteLength(measured) > ENVIRONMENT_LIMIT_BYTES) {
    throw invalidParameter(
      `Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: ${measured}`,
    );
  }
  return { ...variables };
}

/**
 * Refuses a modelled member the emulator does not implement unless it holds its default, so nobody is told
 * a VPC, layer or KMS key was configured when it was not.
 */
export function rejectUnsupported(input: Record<string, unknown>): void {
  const isDefault: Record<string, (v: unknown) => boolean> = {
    Layers: (v) => Array.isArray(v) && v.length === 0,
    VpcConfig: (v) => isEmptyConfig(v),
    DeadLetterConfig: (v) => isEmptyConfig(v),
    KMSKeyArn: (v) => v === "",
    TracingConfig: (v) => isObj(v) && (v.Mode === undefined || v.Mode === "PassThrough"),
    FileSystemConfigs: (v) => Array.isArray(v) && v.length === 0,
    ImageConfig: (v) => isEmptyConfig(v),
    EphemeralStorage: (v) => isObj(v) && (v.Size === undefined || v.Size === 512),
    SnapStart: (v) => isObj(v) && (v.ApplyOn === undefined || v.ApplyOn === "None"),
    LoggingConfig: (v) =>
      isObj(v) && Object.entries(v).every(([k, x]) => (k === "LogFormat" ? x === "Text" : x === undefined)),
    CodeSigningConfigArn: (v) => v === "",
  };
  for (const [member, ok] of Object.entries(isDefault)) {
    if (input[member] !== undefined && !ok(input[member])) {
      throw invalidParameter(`The BinaryGate emulator does not support ${member}; omit it or give its default value.`);
    }
  }
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isEmptyConfig = (v: unknown) =>
  isObj(v) &&
  Object.values(v).every(
    (x) =>
      x === undefined || x === "" || (Array.isArray(x) && x.length === 0) || (isObj(x) && Object.keys(x).length === 0),
  );

export interface CheckedZip {
  zip: Uint8Array;
  codeSha256: string;
  codeSize: number;
}

/**
 * Decodes Code.ZipFile (standard base64 inside JSON) and checks it is a real zip of at most 250 MB unzipped,
 * counting the bytes it really inflates to (a zip's declared sizes can lie: docs/security.md promise 16). Inflating
 * runs off the event loop, so other calls keep being answered meanwhile.
 */
export async function checkZipFile(
  base64: string,
  operation: "CreateFunction" | "UpdateFunctionCode",
): Promise<CheckedZip> {
  const zip = decodeBase64Strict(base64);
  if (zip === null) {
    throw invalidParameter("Could not unzip uploaded file. Please check your file, then try to upload again.");
  }
  if (zip.length > ZIP_UPLOAD_LIMIT_BYTES) throw requestTooLarge(ZIP_REQUEST_LIMIT_BYTES, operation);
  // 22 bytes is the end-of-central-directory record alone: anything shorter cannot be a zip.
  if (zip.length < 22) {
    throw invalidParameter("Could not unzip uploaded file. Please check your file, then try to upload again.");
  }
  try {
    await measureZip(Buffer.from(zip.buffer, zip.byteOffset, zip.length));
  } catch (e) {
    if (e instanceof UnzippedTooLargeError) {
      throw invalidParameter(`Unzipped size must be smaller than ${UNZIPPED_LIMIT_BYTES} bytes`);
    }
    if (e instanceof ZipFormatError) {
      throw invalidParameter("Could not unzip uploaded file. Please check your file, then try to upload again.");
    }
    throw e;
  }
  return { zip, codeSha256: createHash("sha256").update(zip).digest("base64"), codeSize: zip.length };
}
