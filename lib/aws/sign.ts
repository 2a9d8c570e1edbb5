import "server-only";
import { createHash, createHmac, type Hash, type Hmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";
import type { AwsCredentialIdentity, HttpRequest, SourceData } from "@smithy/types";
import { apiGatewayClient, LOCAL_CREDENTIALS } from "./clients";
import { getConfig } from "@/lib/config";

/**
 * SigV4 for a preview of an IAM-auth stage (issue 16, protected stages): the SDK's own signer with the
 * dashboard's own credentials (the emulator's test/test, or the SDK's default chain on AWS), service
 * `execute-api`. Opt-in per preview; the signed headers go to that stage only and are never logged.
 */

/** node:crypto behind the signer's hash interface (SHA-256, or HMAC-SHA-256 when given a key). */
class NodeSha256 {
  private readonly h: Hash | Hmac;
  constructor(secret?: SourceData) {
    this.h = secret === undefined ? createHash("sha256") : createHmac("sha256", toBytes(secret));
  }
  update(data: SourceData): void {
    this.h.update(toBytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.h.digest());
  }
}

function toBytes(data: SourceData): Uint8Array | string {
  if (typeof data === "string") return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}

/** The dashboard's credentials for signing: the emulator's fixed pair, or whatever the SDK's chain resolves. */
async function dashboardCredentials(region: string): Promise<AwsCredentialIdentity> {
  if (getConfig().target === "local") return LOCAL_CREDENTIALS;
  return apiGatewayClient(region).config.credentials();
}

export interface SignInput {
  url: string;
  method: string;
  region: string;
  /** Lower-case names; `host` is added from the URL. */
  headers: Record<string, string>;
  body?: Uint8Array;
}

/** The headers to add for SigV4 (authorization, x-amz-date, x-amz-content-sha256, x-amz-security-token). */
export async function signExecuteApiRequest(input: SignInput): Promise<Record<string, string>> {
  const url = new URL(input.url);
  const signer = new SignatureV4({
    service: "execute-api",
    region: input.region,
    credentials: await dashboardCredentials(input.region),
    sha256: NodeSha256,
  });
  const request: HttpRequest = {
    method: input.method,
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port ? { port: Number(url.port) } : {}),
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: { ...input.headers, host: url.host },
    ...(input.body ? { body: input.body } : {}),
  };
  const signed = await signer.sign(request);
  const added: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers)) {
    const lower = name.toLowerCase();
    if (lower === "host" || Object.hasOwn(input.headers, lower)) continue;
    added[lower] = value;
  }
  return added;
}
