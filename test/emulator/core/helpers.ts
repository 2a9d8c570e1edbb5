// Shared helpers for the emulator's integration tests: a fresh emulator on an ephemeral port and a temp dir.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { APIGatewayClient } from "@aws-sdk/client-api-gateway";
import { startEmulator, type RunningEmulator } from "@/lib/emulator";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

/** A temp state directory, removed by the returned cleanup. */
export async function tempDir(prefix = "bg-emu-"): Promise<string> {
  return mkdtemp(path.join(tmpdir(), prefix));
}

/** Starts an emulator on 127.0.0.1:0 with a fresh state dir. */
export async function freshEmulator(): Promise<RunningEmulator & { stateDir: string; dispose(): Promise<void> }> {
  const stateDir = await tempDir();
  const emu = await startEmulator({ port: 0, stateDir });
  return {
    ...emu,
    stateDir,
    dispose: async () => {
      await emu.close();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}

/** A real API Gateway client pointed at the emulator (no retries, so injected faults surface). */
export function apigw(url: string, opts: { region?: string; accessKeyId?: string; secretAccessKey?: string; maxAttempts?: number } = {}): APIGatewayClient {
  return new APIGatewayClient({
    endpoint: url,
    region: opts.region ?? "us-east-1",
    credentials: { accessKeyId: opts.accessKeyId ?? "test", secretAccessKey: opts.secretAccessKey ?? "test" },
    maxAttempts: opts.maxAttempts ?? 1,
  });
}

/** Calls `fn` and returns the error it throws (fails the test if it does not throw). */
export async function errorOf(fn: () => Promise<unknown>): Promise<{ name: string; message: string; $metadata?: { httpStatusCode?: number }; $response?: unknown } & Record<string, unknown>> {
  try {
    await fn();
  } catch (err) {
    return err as never;
  }
  throw new Error("expected the call to fail, but it succeeded");
}
