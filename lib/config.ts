import { z } from "zod";
import { normalizeAddress } from "@/lib/security/policy";

/**
 * The dashboard's environment, parsed once with zod (docs/conventions.md "Config is parsed once").
 * Targets are described in docs/architecture.md: the embedded emulator by default, real AWS with
 * BINARYGATE_TARGET=aws, and any endpoint through the SDK's own AWS_ENDPOINT_URL* variables.
 */
const flag = z
  .enum(["", "0", "1", "true", "false", "yes", "no"])
  .optional()
  .transform((v) => v === "1" || v === "true" || v === "yes");

export const ConfigSchema = z.object({
  BINARYGATE_TARGET: z.enum(["local", "aws"]).default("local"),
  BINARYGATE_EMULATOR_URL: z.url({ protocol: /^https?$/ }).default("http://127.0.0.1:4599"),
  BINARYGATE_REGION: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "must look like us-east-1")
    .optional(),
  AWS_REGION: z.string().optional(),
  AWS_DEFAULT_REGION: z.string().optional(),
  BINARYGATE_READ_ONLY: flag,
  BINARYGATE_ALLOWED_HOSTS: z.string().default(""),
  BINARYGATE_ACCESS_TOKEN: z.string().min(24, "must be at least 24 characters").optional(),
  BINARYGATE_TRUST_PROXY: flag,
  // Not HOSTNAME: Docker sets that to the container id, which is no bind address (docs/security.md promise 1).
  BINARYGATE_DASHBOARD_HOST: z.string().trim().min(1).optional(),
  // The address of the reverse proxy whose X-Forwarded-Host is trusted (with BINARYGATE_TRUST_PROXY=1).
  BINARYGATE_TRUSTED_PROXY: z.string().default(""),
  // Set by scripts/serve-dashboard.ts for its own process: proves that it stamped the peer address.
  BINARYGATE_PEER_NONCE: z.string().min(32).optional(),
  // Deadline of one control-plane call; a target that accepts connections and never answers ends here.
  BINARYGATE_AWS_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(30_000),
  AWS_PROFILE: z.string().optional(),
  // The SDK reads these itself; we read them only to label the target and build invoke URLs.
  AWS_ENDPOINT_URL: z.string().optional(),
  AWS_ENDPOINT_URL_API_GATEWAY: z.string().optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  // `managed-by` is the common convention (and what the demo's Terraform API carries); "" turns it off.
  BINARYGATE_OWNER_TAG: z.string().trim().max(128, "must be a tag key of at most 128 characters").default("managed-by"),
});

export type TargetKind = "local" | "aws";

export interface AppConfig {
  target: TargetKind;
  /** The emulator's base URL (local target only). */
  emulatorUrl: string;
  /** The region a page shows when its URL names none. */
  defaultRegion: string;
  readOnly: boolean;
  /** Extra Host names accepted besides loopback (docs/security.md promise 2). */
  allowedHosts: string[];
  accessToken: string | undefined;
  trustProxy: boolean;
  /** Peer addresses whose X-Forwarded-Host is honoured when trustProxy is on (normalised IPs). */
  trustedProxies: string[];
  /** The per-process secret of scripts/serve-dashboard.ts's peer stamp; unset under plain `next start`. */
  peerNonce: string | undefined;
  port: number;
  /** The address the dashboard binds (BINARYGATE_DASHBOARD_HOST); beyond loopback an access token is required. */
  hostname: string | undefined;
  /** Deadline of one control-plane call, in milliseconds. */
  awsTimeoutMs: number;
  /** The SDK profile (AWS_PROFILE), named in credential messages and in the quota key. */
  awsProfile: string | undefined;
  /** The API Gateway endpoint the SDK is pointed at (AWS_ENDPOINT_URL_API_GATEWAY or AWS_ENDPOINT_URL), if any. */
  sdkEndpointUrl: string | undefined;
  /** A tag key naming the IaC tool that deploys an API (e.g. managed-by = terraform); see lib/iac. */
  ownerTag: string | undefined;
}

/** Parses the environment into an AppConfig, throwing one readable message for every bad variable. */
export function parseConfig(env: Record<string, string | undefined>): AppConfig {
  const parsed = ConfigSchema.safeParse(env);
  if (parsed.success && parsed.data.BINARYGATE_TRUST_PROXY && !parsed.data.BINARYGATE_TRUSTED_PROXY.trim()) {
    throw new Error(
      "BinaryGate: invalid configuration\n  BINARYGATE_TRUSTED_PROXY: BINARYGATE_TRUST_PROXY=1 needs the proxy's address " +
        "(e.g. BINARYGATE_TRUSTED_PROXY=10.0.0.5)",
    );
  }
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`BinaryGate: invalid configuration\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  return {
    target: e.BINARYGATE_TARGET,
    emulatorUrl: e.BINARYGATE_EMULATOR_URL.replace(/\/+$/, ""),
    defaultRegion: e.BINARYGATE_REGION ?? e.AWS_REGION ?? e.AWS_DEFAULT_REGION ?? "us-east-1",
    readOnly: e.BINARYGATE_READ_ONLY,
    allowedHosts: e.BINARYGATE_ALLOWED_HOSTS.split(",")
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
    accessToken: e.BINARYGATE_ACCESS_TOKEN,
    trustProxy: e.BINARYGATE_TRUST_PROXY,
    trustedProxies: e.BINARYGATE_TRUSTED_PROXY.split(",").map(normalizeAddress).filter(Boolean),
    peerNonce: e.BINARYGATE_PEER_NONCE,
    port: e.PORT,
    hostname: e.BINARYGATE_DASHBOARD_HOST,
    awsTimeoutMs: e.BINARYGATE_AWS_TIMEOUT_MS,
    awsProfile: e.AWS_PROFILE || undefined,
    sdkEndpointUrl: e.AWS_ENDPOINT_URL_API_GATEWAY || e.AWS_ENDPOINT_URL || undefined,
    ownerTag: e.BINARYGATE_OWNER_TAG || undefined,
  };
}

let cached: AppConfig | undefined;

/** The process's configuration, parsed on first use. */
export function getConfig(): AppConfig {
  cached ??= parseConfig(process.env);
  return cached;
}

/** A human label for a target, as the header shows it. */
export function targetLabel(target: TargetKind): string {
  return target === "local" ? "Local emulator" : "AWS";
}

/** Drops the cached configuration so the next getConfig() re-reads process.env (tests only). */
export function resetConfigForTests(): void {
  cached = undefined;
}
