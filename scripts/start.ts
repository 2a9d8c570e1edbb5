/**
 * `npm start`: the product in one command on a fresh machine — builds the dashboard when the build is
 * missing or older than the sources, starts the embedded emulator (seeded with demo APIs) unless the
 * target is real AWS or an emulator URL was given, then serves the dashboard (scripts/serve-dashboard.ts)
 * on 127.0.0.1:3000. Ctrl-C stops both. `npm run dev` is the same with `--dev`: no build, Next's dev server
 * with hot reload.
 *
 * Environment: PORT (3000), BINARYGATE_TARGET (local|aws), BINARYGATE_EMULATOR_URL (use an emulator that
 * is already running instead of starting one), BINARYGATE_EMULATOR_PORT (4599), BINARYGATE_DASHBOARD_HOST
 * (127.0.0.1; anything else needs BINARYGATE_ALLOW_REMOTE=1 and an access token — docs/security.md promise 1).
 * Flag: --reset-demo puts the emulator's demo APIs back as first seeded before the dashboard starts.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { isLoopbackBind } from "../lib/security/loopback";
import { isBuildStale } from "./build-freshness";
import { spawnEmulator } from "./emulator-env";

const root = join(import.meta.dirname, "..");
type Env = Record<string, string | undefined>;
const env: Env = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: "1",
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
};
const port = Number(env.PORT ?? 3000);
const host = env.BINARYGATE_DASHBOARD_HOST ?? "127.0.0.1";
const target = env.BINARYGATE_TARGET ?? "local";
const emulatorPort = Number(env.BINARYGATE_EMULATOR_PORT ?? 4599);
const distDir = env.BINARYGATE_DIST_DIR || ".next";
const loopback = isLoopbackBind(host);

function fail(message: string): never {
  console.error(`\nbinarygate: ${message}\n`);
  process.exit(1);
}

if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`PORT must be a port number, got "${env.PORT}"`);
if (!loopback) {
  if (env.BINARYGATE_ALLOW_REMOTE !== "1") {
    fail(
      `refusing to listen on ${host}: the dashboard can change your APIs. Set BINARYGATE_ALLOW_REMOTE=1 to ` +
        "listen beyond loopback; an access token is then required.",
    );
  }
  env.BINARYGATE_ACCESS_TOKEN ??= randomBytes(24).toString("base64url");
}

const dev = process.argv.includes("--dev");
if (!dev && isBuildStale(root, distDir)) {
  console.log("binarygate: building the dashboard (next build)…");
  const build = spawnSync(process.execPath, [join(root, "node_modules/next/dist/bin/next"), "build"], {
    cwd: root,
    env: env as NodeJS.ProcessEnv,
    stdio: "inherit",
  });
  if (build.status !== 0) fail("next build failed (see above)");
}

const children: ChildProcess[] = [];
let stopping = false;
function stopAll(code: number) {
  if (stopping) return;
  stopping = true;
  for (const c of children) if (c.exitCode === null) c.kill("SIGTERM");
  setTimeout(() => process.exit(code), 3000).unref();
  Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.once("exit", r))))).then(() =>
    process.exit(code),
  );
}
process.on("SIGINT", () => stopAll(0));
process.on("SIGTERM", () => stopAll(0));

function run(name: string, args: string[], extraEnv: Env = {}): ChildProcess {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...env, ...extraEnv } as NodeJS.ProcessEnv,
    stdio: "inherit",
  });
  return supervise(name, child);
}

function supervise(name: string, child: ChildProcess): ChildProcess {
  children.push(child);
  child.once("exit", (code, signal) => {
    if (!stopping) {
      console.error(`binarygate: ${name} stopped (${signal ?? `exit ${code}`}); stopping everything.`);
      stopAll(code ?? 1);
    }
  });
  return child;
}

async function waitHealthy(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (r.ok) return true;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

async function main() {
  let emulatorUrl = env.BINARYGATE_EMULATOR_URL;
  if (target === "local" && !emulatorUrl) {
    emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
    if (await waitHealthy(`${emulatorUrl}/_binarygate/health`, 300)) {
      fail(
        `port ${emulatorPort} already has an emulator. Stop it, or run the dashboard against it with ` +
          `BINARYGATE_EMULATOR_URL=${emulatorUrl} npm start, or pick another BINARYGATE_EMULATOR_PORT.`,
      );
    }
    // No AWS_* variable reaches the emulator: its handlers could read them (docs/security.md promise 15).
    supervise("emulator", spawnEmulator(root, ["--port", String(emulatorPort), "--seed"], env));
    if (!(await waitHealthy(`${emulatorUrl}/_binarygate/health`, 60_000))) {
      console.error("binarygate: the emulator did not become healthy within 60 s");
      stopAll(1);
      return;
    }
  }
  if (process.argv.includes("--reset-demo")) await resetDemo(emulatorUrl);
  run("dashboard", ["--import", "tsx", "scripts/serve-dashboard.ts", ...(dev ? ["--dev"] : [])], {
    ...(emulatorUrl ? { BINARYGATE_EMULATOR_URL: emulatorUrl } : {}),
    BINARYGATE_DASHBOARD_HOST: host,
    PORT: String(port),
  });
  const shownHost = host.includes(":") ? `[${host}]` : host;
  // The dev server compiles a route on its first request, which takes longer than serving a build.
  const readyWithin = dev ? 180_000 : 60_000;
  if (await waitHealthy(`http://${host === "localhost" ? "127.0.0.1" : shownHost}:${port}/api/health`, readyWithin)) {
    const token = loopback ? "" : `/?token=${env.BINARYGATE_ACCESS_TOKEN}`;
    console.log(`\nbinarygate: dashboard ready at http://${shownHost}:${port}${token}`);
    if (token) console.log("binarygate: that token is shown once; keep it private.");
    if (emulatorUrl) console.log(`binarygate: target ${target} · emulator ${emulatorUrl}`);
  }
}

/** `npm start -- --reset-demo`: the demo APIs back as first seeded (the emulator's POST /_binarygate/reset-demo). */
async function resetDemo(emulatorUrl: string | undefined): Promise<void> {
  if (target !== "local" || !emulatorUrl) fail("--reset-demo needs the local emulator target");
  const res = await fetch(`${emulatorUrl}/_binarygate/reset-demo`, { method: "POST" }).catch(() => null);
  if (!res?.ok)
    fail(`the emulator at ${emulatorUrl} did not reset the demo data (${res ? `HTTP ${res.status}` : "unreachable"})`);
  console.log("binarygate: demo data reset (the broken demo is broken again)");
}

void main();
