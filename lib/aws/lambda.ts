import "server-only";
import { AddPermissionCommand, GetFunctionCommand, GetPolicyCommand, InvokeCommand } from "@aws-sdk/client-lambda";
import { unzipSync } from "fflate";
import type { AddPermissionFix } from "@/lib/binary";
import { getConfig } from "@/lib/config";
import { runCall } from "./call";
import { lambdaClient } from "./clients";
import { customEndpoint } from "./target";
import { type AwsResult, err, ok } from "./types";

/**
 * The Lambda calls the doctor needs (Invoke, GetFunction, GetPolicy, AddPermission), under the account's Lambda
 * bucket of the limiter (limiter.ts), returning our own types. The package download behind GetFunction's
 * Code.Location is bounded in size and time, read in memory, and never executed.
 */

const lambdaArn = (region: string, name: string) => `arn:aws:lambda:${region}:*:function:${name}`;
const ctxFor = (operation: string, region: string, name: string, action: string) => ({
  operation,
  region,
  subject: `function ${name}`,
  iamAction: `lambda:${action} on ${lambdaArn(region, name)}`,
});

/** What one direct invocation returned: Invoke's status, FunctionError and the raw payload text. */
export interface InvokeResult {
  statusCode: number;
  functionError: string | null;
  payload: string;
  payloadBytes: number;
}

/** Invokes a function synchronously with `event` (RequestResponse): runs the user's code, once. */
export async function invokeFunction(
  region: string,
  functionName: string,
  event: unknown,
): Promise<AwsResult<InvokeResult>> {
  const client = lambdaClient(region, true);
  const r = await runCall(ctxFor("Invoke", region, functionName, "InvokeFunction"), () =>
    client.send(
      new InvokeCommand({
        FunctionName: functionName,
        InvocationType: "RequestResponse",
        Payload: new TextEncoder().encode(JSON.stringify(event)),
      }),
    ),
  );
  if (!r.ok) return r;
  const bytes = r.data.Payload ?? new Uint8Array();
  return ok({
    statusCode: r.data.StatusCode ?? 200,
    functionError: r.data.FunctionError ?? null,
    payload: new TextDecoder().decode(bytes),
    payloadBytes: bytes.length,
  });
}

/** GetFunction's parts the doctor reads. */
export interface FunctionInfo {
  functionName: string;
  runtime: string | null;
  handler: string | null;
  codeSize: number;
  environment: Record<string, string>;
  /** Code.Location: a short-lived URL of the zip (absent for container images). */
  codeLocation: string | null;
}

/** GetFunction: the function's configuration and its package's download URL. */
export async function getFunction(region: string, functionName: string): Promise<AwsResult<FunctionInfo>> {
  const client = lambdaClient(region);
  const r = await runCall(ctxFor("GetFunction", region, functionName, "GetFunction"), () =>
    client.send(new GetFunctionCommand({ FunctionName: functionName })),
  );
  if (!r.ok) return r;
  const c = r.data.Configuration;
  return ok({
    functionName: c?.FunctionName ?? functionName,
    runtime: c?.Runtime ?? null,
    handler: c?.Handler ?? null,
    codeSize: c?.CodeSize ?? 0,
    environment: { ...c?.Environment?.Variables },
    codeLocation: r.data.Code?.Location ?? null,
  });
}

/** GetPolicy: the function's resource policy as JSON text, or null when it has none. */
export async function getPolicy(region: string, functionName: string): Promise<AwsResult<string | null>> {
  const client = lambdaClient(region);
  return runCall(ctxFor("GetPolicy", region, functionName, "GetPolicy"), async () => {
    try {
      return (await client.send(new GetPolicyCommand({ FunctionName: functionName }))).Policy ?? null;
    } catch (e) {
      // A function without a policy answers 404 "The resource you requested does not exist."; a missing
      // function answers 404 "Function not found: …", which stays a failure.
      const name = (e as { name?: string }).name;
      if (name === "ResourceNotFoundException" && !/Function not found/i.test(String((e as Error).message)))
        return null;
      throw e;
    }
  });
}

/** What AddPermission did: the statement Lambda stored, or that one with this id already existed. */
export interface PermissionChange {
  added: boolean;
  statement: string;
}

/** AddPermission with the doctor's statement (addPermissionFix); idempotent on the statement id. */
export async function addPermission(region: string, fix: AddPermissionFix): Promise<AwsResult<PermissionChange>> {
  const client = lambdaClient(region);
  return runCall(ctxFor("AddPermission", region, fix.FunctionName, "AddPermission"), async () => {
    try {
      const out = await client.send(new AddPermissionCommand({ ...fix }));
      return { added: true, statement: out.Statement ?? "" };
    } catch (e) {
      // The same statement id twice answers 409 "…already exists": the click already happened, not a race.
      const name = (e as { name?: string }).name;
      if (name === "ResourceConflictException" && /already exists/i.test(String((e as Error).message))) {
        return { added: false, statement: "" };
      }
      throw e;
    }
  });
}

/** Bounds of a package download: the zip's bytes, the time, and what is kept of it once unzipped. */
export interface DownloadLimits {
  maxZipBytes: number;
  timeoutMs: number;
  maxFileBytes: number;
  maxTotalBytes: number;
}

/** 20 MB of zip in 10 s; manifests and handler sources of up to 512 KiB each, 4 MiB in all. */
export const DOWNLOAD_LIMITS: DownloadLimits = {
  maxZipBytes: 20 * 1024 * 1024,
  timeoutMs: 10_000,
  maxFileBytes: 512 * 1024,
  maxTotalBytes: 4 * 1024 * 1024,
};

/** The files of a package the adapter check reads (path → text), and what was left out. */
export interface PackageFiles {
  files: Record<string, string>;
  zipBytes: number;
  /** Entries of the zip not read (not a manifest or handler source, or over the size bounds). */
  skipped: number;
}

const MANIFEST_RE =
  /(^|\/)(package\.json|requirements[^/]*\.txt|pyproject\.toml|Pipfile|composer\.(json|lock)|zappa_settings\.(py|json|ya?ml|toml)|serverless\.ya?ml|Dockerfile[^/]*|\.chalice\/config\.json)$/;
const SOURCE_RE = /\.(m?[jt]s|cjs|py|php)$/;

/** Whether the adapter check reads this zip entry: manifests, installed metadata, and the handler's own sources. */
export function isInspectedEntry(name: string): boolean {
  if (name.endsWith("/")) return false;
  // An installed package's own package.json (node_modules/x or node_modules/@scope/x) gives its version.
  if (/(^|\/)node_modules\/(@[^/]+\/)?[^/]+\/package\.json$/.test(name)) return true;
  if (/\.dist-info\/METADATA$/.test(name)) return true;
  if (/(^|\/)(node_modules|vendor|site-packages)\//.test(name)) return false;
  return MANIFEST_RE.test(name) || SOURCE_RE.test(name);
}

/** Whether a Code.Location may be fetched: the emulator's own origin locally, else AWS over HTTPS. */
function allowedLocation(location: string): boolean {
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    return false;
  }
  const config = getConfig();
  if (config.target === "local") return url.origin === new URL(config.emulatorUrl).origin;
  const custom = customEndpoint();
  if (custom && url.hostname === new URL(custom).hostname) return true;
  return url.protocol === "https:" && /\.amazonaws\.com(\.cn)?$/.test(url.hostname);
}

async function readCapped(res: Response, max: number): Promise<Uint8Array | null> {
  const declared = Number(res.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > max) return null;
  const reader = res.body?.getReader();
  if (!reader) return new Uint8Array();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > max) {
      await reader.cancel();
      return null;
    }
    parts.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Downloads a Code.Location and unzips, in memory, only the manifests and handler sources. Never executed. */
export async function downloadPackageFiles(
  location: string,
  limits: DownloadLimits = DOWNLOAD_LIMITS,
): Promise<AwsResult<PackageFiles>> {
  if (!allowedLocation(location)) {
    return err({
      code: "invalid",
      message: "The function's code location is not an AWS (or emulator) URL; it was not fetched.",
    });
  }
  let zip: Uint8Array | null;
  try {
    const res = await fetch(location, { signal: AbortSignal.timeout(limits.timeoutMs), redirect: "error" });
    if (!res.ok) {
      await res.body?.cancel();
      return err({
        code: res.status === 403 ? "access-denied" : "not-found",
        message: `The code download answered ${res.status}.`,
      });
    }
    zip = await readCapped(res, limits.maxZipBytes);
  } catch (e) {
    const timedOut = (e as Error).name === "TimeoutError";
    return err({
      code: timedOut ? "target-timeout" : "target-unreachable",
      message: timedOut
        ? `The function's package did not download within ${limits.timeoutMs / 1000} s.`
        : "The function's package could not be downloaded.",
    });
  }
  if (zip === null) {
    return err({
      code: "invalid",
      message: `The function's package is over ${limits.maxZipBytes / 1048576} MB; it was not inspected.`,
    });
  }
  return unzipInspected(zip, limits);
}

/** Unzips the inspected entries of a package within the limits (entry sizes as the zip declares them). */
export function unzipInspected(zip: Uint8Array, limits: DownloadLimits = DOWNLOAD_LIMITS): AwsResult<PackageFiles> {
  let total = 0;
  let skipped = 0;
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zip, {
      filter: (f) => {
        const keep =
          isInspectedEntry(f.name) &&
          f.originalSize <= limits.maxFileBytes &&
          total + f.originalSize <= limits.maxTotalBytes;
        if (keep) total += f.originalSize;
        else skipped++;
        return keep;
      },
    });
  } catch {
    return err({ code: "invalid", message: "The function's package is not a readable zip file." });
  }
  const decoder = new TextDecoder();
  const files: Record<string, string> = {};
  for (const [name, bytes] of Object.entries(entries))
    files[name] = decoder.decode(bytes.subarray(0, limits.maxFileBytes));
  return ok({ files, zipBytes: zip.length, skipped });
}
