import { z } from "zod";

/**
 * The dashboard's environment, parsed once with zod (conventions.md "Config is parsed once").
 * Targets are described in architecture.md: the embedded emulator by default, real AWS with
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
  HOSTNAME: z.string().optional(),
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
  /** Extra Host names accepted besides loopback (security.md 2). */
  allowedHosts: string[];
  accessToken: string | undefined;
  trustProxy: boolean;
  port: number;
  /** The address `next start` was told to bind (HOSTNAME); beyond loopback an access token is required. */
  hostname: string | undefined;
  /** A tag key naming the IaC tool that deploys an API (e.g. managed-by = terraform); see lib/iac. */
  ownerTag: string | undefined;
}

/** Parses the environment into an AppConfig, throwing one readable message for every bad variable. */
export function parseConfig(env: Record<string, string | undefined>): AppConfig {
  const parsed = ConfigSchema.safeParse(env);
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
    allowedHosts: e.BINARYGATE_ALLOWED_HOSTS.split(",").map((h) => h.trim().toLowerCase()).filter(Boolean),
    accessToken: e.BINARYGATE_ACCESS_TOKEN,
    trustProxy: e.BINARYGATE_TRUST_PROXY,
    port: e.PORT,
    hostname: e.HOSTNAME,
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
