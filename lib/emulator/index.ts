/**
 * The embedded emulator: `startEmulator` opens the store, creates the Lambda runtime, listens, and optionally
 * seeds demo data. Used by the CLI (cli.ts), `npm start`, tests (port 0) and e2e.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { EmulatorConfig, EmulatorContext } from "./contracts";
import { resolveConfig } from "./config";
import { warmReachable } from "./dataplane/warm";
import { createMetrics } from "./metrics";
import { createRuntime } from "./runtime";
import { seedDemo, seedDoctorDemo } from "./seed";
import { createRequestHandler } from "./server";
import { openStore } from "./store";

export interface RunningEmulator {
  /** Base URL, e.g. http://127.0.0.1:4599 — the endpoint for the SDK and the AWS CLI. */
  url: string;
  /** The port actually bound (the real one when 0 was asked for). */
  port: number;
  ctx: EmulatorContext;
  /** Stops listening, drops open connections, stops the runtime, waits for pending writes. */
  close(): Promise<void>;
}

/** Starts an emulator; `port: 0` binds an ephemeral port. Throws if the state file is invalid. */
export async function startEmulator(partial: Partial<EmulatorConfig> = {}): Promise<RunningEmulator> {
  const config = resolveConfig(partial);
  const store = await openStore(config.stateDir);
  const runtime = createRuntime({
    codePath: (region, name, sha) => store.codePath(region, name, sha),
    workDir: path.join(store.dir, "runtime"),
    accountId: config.accountId,
  });
  const ctx: EmulatorContext = { config, store, runtime, metrics: createMetrics() };
  const server = http.createServer(createRequestHandler(ctx));
  // Large CreateFunction uploads and slow handlers (29 s) must not be cut by Node's default timeouts.
  server.requestTimeout = 5 * 60 * 1000;
  server.headersTimeout = 60 * 1000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(config.port, config.host, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (err) {
    await runtime.close();
    await store.close();
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  ctx.config = { ...config, port };
  const hostPart = config.host.includes(":") && !config.host.startsWith("[") ? `[${config.host}]` : config.host;
  const url = `http://${hostPart}:${port}`;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await closed;
      await runtime.close();
      await store.close();
    })());

  if (config.seed) {
    try {
      await seedDemo(ctx);
      await seedDoctorDemo(ctx);
    } catch (err) {
      await close();
      throw err;
    }
  }
  // The first request to a deployed stage after start should not wait for its function's worker to start.
  warmReachable(ctx);
  return { url, port, ctx, close };
}

export type { EmulatorConfig, EmulatorContext } from "./contracts";
