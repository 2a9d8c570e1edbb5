/**
 * How the project starts the embedded emulator as a child process (`npm start`, Playwright's webServer): never
 * with the user's AWS credentials (docs/security.md promise 15). The emulator runs handler code, and a handler can read
 * its parent's environment (/proc/$PPID/environ), so no AWS_* variable — keys, session tokens, profiles, SSO,
 * container or web-identity credential sources — reaches that process.
 */
import { spawn, type ChildProcess, type StdioOptions } from "node:child_process";
import { join } from "node:path";

type Env = Record<string, string | undefined>;

/** AWS_* variables the emulator may keep: they only silence the SDK's Node-version warning. */
const KEPT = new Set(["AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED"]);

/** Whether an environment variable must not reach the emulator (every AWS_* but the warning switch). */
export function isWithheldFromEmulator(name: string): boolean {
  return name.toUpperCase().startsWith("AWS_") && !KEPT.has(name.toUpperCase());
}

/**
 * `env` with every withheld variable set to undefined: spawn() drops undefined values, and spread over
 * process.env (as Playwright's webServer does) it removes them there too.
 */
export function emulatorEnv(env: Env): Env {
  const out: Env = { ...env };
  for (const name of Object.keys(env)) if (isWithheldFromEmulator(name)) out[name] = undefined;
  return out;
}

/** The command line that runs the emulator's CLI with the given flags (used by `npm start` and e2e). */
export function emulatorArgs(flags: string[]): string[] {
  return ["--import", "tsx", join("lib", "emulator", "cli.ts"), ...flags];
}

/** Spawns the emulator CLI from the project root with a credential-free environment. */
export function spawnEmulator(root: string, flags: string[], env: Env, stdio: StdioOptions = "inherit"): ChildProcess {
  return spawn(process.execPath, emulatorArgs(flags), { cwd: root, env: emulatorEnv(env) as NodeJS.ProcessEnv, stdio });
}
