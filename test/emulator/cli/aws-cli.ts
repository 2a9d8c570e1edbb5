// Runs the AWS CLI v2 (/usr/bin/aws — not the pip v1 shim that may be first on PATH, docs/development.md G9)
// against an emulator, in a clean environment: no profile, no real credentials, no pager.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { promisify } from "node:util";

const run = promisify(execFile);
export const AWS_CLI = "/usr/bin/aws";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Fails loudly when the CLI is missing, rather than letting a contract test pass vacuously. */
export function requireAwsCli(): void {
  if (!existsSync(AWS_CLI)) {
    throw new Error(
      `${AWS_CLI} is missing: install Debian's awscli (apt-get install -y awscli) to run the CLI contract tests`,
    );
  }
}

/** Runs `aws <args> --endpoint-url <url> --output json`; resolves exit code, stdout and stderr (never rejects). */
export async function awsCli(emu: { url: string; stateDir: string }, ...args: string[]): Promise<CliResult> {
  const env: Record<string, string> = {
    NODE_ENV: "test",
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: emu.stateDir,
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
    AWS_DEFAULT_REGION: "us-east-1",
    AWS_PAGER: "",
    AWS_EC2_METADATA_DISABLED: "true",
  };
  try {
    const { stdout, stderr } = await run(AWS_CLI, [...args, "--endpoint-url", emu.url, "--output", "json"], {
      env: env as NodeJS.ProcessEnv,
      timeout: 20_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : -1, stdout: e.stdout ?? "", stderr: e.stderr ?? String(err) };
  }
}
