/**
 * The emulator's configuration: defaults, environment (BINARYGATE_EMULATOR_*), then command-line flags,
 * validated with zod so a bad value fails fast with one readable message.
 */
import { z } from "zod";
import { isLoopbackBind } from "../security/loopback";
import type { EmulatorConfig } from "./contracts";

export const DEFAULT_EMULATOR_CONFIG: EmulatorConfig = {
  host: "127.0.0.1",
  port: 4599,
  stateDir: ".binarygate/emulator",
  accessKeyId: "test",
  secretAccessKey: "test",
  accountId: "000000000000",
  seed: false,
  allowOrigins: [],
  allowHosts: [],
};

// An origin exactly as a browser sends it: scheme://host[:port], nothing after. "null" is never allowed: every
// sandboxed frame and file:// page sends it.
const OriginSchema = z
  .string()
  .transform((o) => o.trim().toLowerCase())
  .pipe(
    z.string().regex(/^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$|^https?:\/\/\[[0-9a-f:.]+\](:\d{1,5})?$/, {
      message: 'must be an origin such as "http://localhost:8080" (scheme://host[:port], no path; never "null")',
    }),
  );

const AllowedHostSchema = z
  .string()
  .transform((h) => h.trim().toLowerCase())
  .pipe(z.string().regex(/^[a-z0-9.-]+(:\d{1,5})?$/, { message: 'must be a host name, optionally with ":port"' }));

/** zod schema of EmulatorConfig. */
export const EmulatorConfigSchema = z.object({
  host: z
    .string()
    .min(1, "must not be empty")
    .max(253)
    .regex(/^[A-Za-z0-9.:[\]-]+$/, "must be a host name or IP address"),
  port: z.coerce
    .number({ message: "must be a number 0..65535" })
    .int("must be an integer")
    .min(0, "must be 0..65535")
    .max(65535, "must be 0..65535"),
  stateDir: z.string().min(1, "must not be empty"),
  accessKeyId: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[A-Za-z0-9_+=,.@-]+$/, "may hold letters, digits and _+=,.@- only")
    .refine(
      (k) => !/^(AKIA|ASIA)[A-Z0-9]{12,}$/.test(k),
      "looks like a real AWS access key: the emulator never takes real credentials",
    ),
  secretAccessKey: z.string().min(1).max(256),
  accountId: z.string().regex(/^\d{12}$/, "must be 12 digits"),
  seed: z.boolean(),
  allowOrigins: z.array(OriginSchema),
  allowHosts: z.array(AllowedHostSchema),
});

/** Merges a partial config over the defaults and validates it; throws one Error listing every problem. */
export function resolveConfig(partial: Partial<EmulatorConfig> = {}): EmulatorConfig {
  const merged = { ...DEFAULT_EMULATOR_CONFIG, ...stripUndefined(partial) };
  const parsed = EmulatorConfigSchema.safeParse(merged);
  if (!parsed.success) throw new Error(formatIssues(parsed.error));
  return parsed.data;
}

export interface CliOptions {
  config: EmulatorConfig;
  reset: boolean;
  help: boolean;
}

const flagBool = z
  .enum(["", "0", "1", "true", "false", "yes", "no"], { message: "must be 1/0, true/false or yes/no" })
  .transform((v) => v === "1" || v === "true" || v === "yes");

/** Parses argv (without node and script) and the environment into the CLI's options. */
export function parseCliArgs(argv: string[], env: Record<string, string | undefined>): CliOptions {
  const partial: Record<string, unknown> = {};
  const problems: string[] = [];
  if (env.BINARYGATE_EMULATOR_PORT !== undefined) partial.port = env.BINARYGATE_EMULATOR_PORT;
  if (env.BINARYGATE_EMULATOR_HOST !== undefined) partial.host = env.BINARYGATE_EMULATOR_HOST;
  if (env.BINARYGATE_EMULATOR_STATE_DIR !== undefined) partial.stateDir = env.BINARYGATE_EMULATOR_STATE_DIR;
  if (env.BINARYGATE_EMULATOR_SEED !== undefined) {
    const s = flagBool.safeParse(env.BINARYGATE_EMULATOR_SEED);
    if (s.success) partial.seed = s.data;
    else problems.push(`  BINARYGATE_EMULATOR_SEED: ${s.error.issues[0].message}`);
  }
  const list = (v: string) =>
    v
      .split(",")
      .map((x) => x.trim())
      .filter(Boolean);
  const allowOrigins = env.BINARYGATE_EMULATOR_ALLOW_ORIGINS ? list(env.BINARYGATE_EMULATOR_ALLOW_ORIGINS) : [];
  const allowHosts = env.BINARYGATE_EMULATOR_ALLOW_HOSTS ? list(env.BINARYGATE_EMULATOR_ALLOW_HOSTS) : [];
  const repeatable: Record<string, string[]> = { "--allow-origin": allowOrigins, "--allow-host": allowHosts };
  let reset = false;
  let help = false;
  const valued: Record<string, keyof EmulatorConfig> = {
    "--port": "port",
    "--host": "host",
    "--state-dir": "stateDir",
    "--access-key": "accessKeyId",
    "--secret-key": "secretAccessKey",
    "--account": "accountId",
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf("=");
    const name = arg.startsWith("--") && eq > 0 ? arg.slice(0, eq) : arg;
    if (name in valued || name in repeatable) {
      const value = eq > 0 && arg.startsWith("--") ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) problems.push(`  ${name}: needs a value`);
      else if (name in repeatable) repeatable[name].push(value);
      else partial[valued[name]] = value;
    } else if (arg === "--reset") reset = true;
    else if (arg === "--seed") partial.seed = true;
    else if (arg === "--no-seed") partial.seed = false;
    else if (arg === "--help" || arg === "-h") help = true;
    else problems.push(`  ${arg}: unknown option (see --help)`);
  }
  const merged = { ...DEFAULT_EMULATOR_CONFIG, ...partial, allowOrigins, allowHosts };
  const parsed = EmulatorConfigSchema.safeParse(merged);
  if (!parsed.success) problems.push(...formatIssues(parsed.error).split("\n").slice(1));
  if (problems.length > 0) throw new Error(`BinaryGate emulator: invalid configuration\n${problems.join("\n")}`);
  const config = parsed.data!;
  if (!isLoopbackBind(config.host) && env.BINARYGATE_EMULATOR_ALLOW_REMOTE !== "1") {
    throw new Error(
      `BinaryGate emulator: refusing to listen on ${config.host}: the emulator runs code and accepts fixed test credentials, ` +
        "so it binds loopback only. Set BINARYGATE_EMULATOR_ALLOW_REMOTE=1 to listen beyond loopback.",
    );
  }
  return { config, reset, help };
}

function formatIssues(error: z.ZodError): string {
  const names: Record<string, string> = {
    port: "--port / BINARYGATE_EMULATOR_PORT",
    host: "--host / BINARYGATE_EMULATOR_HOST",
    stateDir: "--state-dir / BINARYGATE_EMULATOR_STATE_DIR",
    accessKeyId: "--access-key",
    secretAccessKey: "--secret-key",
    accountId: "--account",
    seed: "--seed / BINARYGATE_EMULATOR_SEED",
    allowOrigins: "--allow-origin / BINARYGATE_EMULATOR_ALLOW_ORIGINS",
    allowHosts: "--allow-host / BINARYGATE_EMULATOR_ALLOW_HOSTS",
  };
  const lines = error.issues.map((i) => `  ${names[String(i.path[0])] ?? i.path.join(".")}: ${i.message}`);
  return `BinaryGate emulator: invalid configuration\n${lines.join("\n")}`;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
