/**
 * The one way tests start an emulator: 127.0.0.1 on an ephemeral port, a throw-away state directory, no demo
 * data, and the real AWS SDK clients pointed at it. `useEmulator()` also registers the file's
 * beforeAll/afterAll, so a test file says only what it needs.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { APIGatewayClient } from "@aws-sdk/client-api-gateway";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { afterAll, beforeAll } from "vitest";
import { type RunningEmulator, startEmulator } from "@/lib/emulator";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

/** A running test emulator and its SDK clients. */
export interface TestEmulator extends RunningEmulator {
  stateDir: string;
  account: string;
  /** The clients' region. */
  region: string;
  apigw: APIGatewayClient;
  lambda: LambdaClient;
  /** Closes the clients and the emulator, then removes the state directory. */
  dispose(): Promise<void>;
}

export interface TestEmulatorOptions {
  /** The SDK clients' region (default us-east-1). */
  region?: string;
  /** Prefix of the temp state directory's name, to tell test files apart in /tmp. */
  prefix?: string;
}

/** Starts an emulator for a test; the caller disposes of it. */
export async function startTestEmulator(opts: TestEmulatorOptions = {}): Promise<TestEmulator> {
  const region = opts.region ?? "us-east-1";
  const stateDir = await mkdtemp(path.join(tmpdir(), opts.prefix ?? "bg-emu-"));
  const emu = await startEmulator({ port: 0, host: "127.0.0.1", stateDir, seed: false });
  const { accessKeyId, secretAccessKey, accountId } = emu.ctx.config;
  const credentials = { accessKeyId, secretAccessKey };
  const apigw = new APIGatewayClient({ endpoint: emu.url, region, credentials });
  const lambda = new LambdaClient({ endpoint: emu.url, region, credentials });
  return {
    ...emu,
    stateDir,
    account: accountId,
    region,
    apigw,
    lambda,
    async dispose() {
      apigw.destroy();
      lambda.destroy();
      await emu.close();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}

/**
 * One emulator for the whole test file: started in beforeAll, disposed of in afterAll. The returned object
 * is filled in when beforeAll has run, so read its fields inside hooks and tests, not at module level.
 */
export function useEmulator(opts: TestEmulatorOptions = {}): TestEmulator {
  const handle = {} as TestEmulator;
  beforeAll(async () => {
    Object.assign(handle, await startTestEmulator(opts));
  });
  afterAll(async () => {
    await handle.dispose?.();
  });
  return handle;
}
