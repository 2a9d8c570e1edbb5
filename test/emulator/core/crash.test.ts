// kill -9 during heavy writes: the state file is the previous or the new one, never torn, and every create
// the emulator acknowledged (201) is there after a restart (docs/security.md promise 11).
import { afterAll, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { rm } from "node:fs/promises";
import path from "node:path";
import { CreateRestApiCommand, GetRestApisCommand } from "@aws-sdk/client-api-gateway";
import { startEmulator } from "@/lib/emulator";
import { apigw, tempDir } from "./helpers";

const root = path.resolve(__dirname, "../../..");
let child: ChildProcess | undefined;
let stateDir: string | undefined;

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  if (stateDir) await rm(stateDir, { recursive: true, force: true });
});

/** Starts the CLI on an ephemeral port and resolves its URL from the banner. */
function startCli(dir: string): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(process.execPath, ["--import", "tsx", "lib/emulator/cli.ts", "--port", "0", "--state-dir", dir], {
    cwd: root,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    const timer = setTimeout(() => reject(new Error(`CLI did not start in 30 s: ${out}${err}`)), 30_000);
    proc.stdout!.on("data", (c) => {
      out += c;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, url: m[1] });
      }
    });
    proc.stderr!.on("data", (c) => (err += c));
    proc.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`CLI exited (${code}) before listening: ${out}${err}`));
    });
  });
}

describe("crash safety", () => {
  it("SIGKILL mid-write loses no acknowledged create and leaves a valid state", async () => {
    stateDir = await tempDir("bg-crash-");
    const started = await startCli(stateDir);
    child = started.proc;
    const client = apigw(started.url);
    const acknowledged: string[] = [];
    let stop = false;
    const worker = async (w: number) => {
      for (let i = 0; !stop; i++) {
        try {
          const res = await client.send(
            new CreateRestApiCommand({ name: `w${w}-${i}`, description: "x".repeat(2000) }),
          );
          if (res.$metadata.httpStatusCode === 201) acknowledged.push(res.id!);
        } catch {
          return; // the process died under us: this call was never acknowledged
        }
      }
    };
    const workers = Array.from({ length: 8 }, (_, w) => worker(w));
    // Let the state grow so writes take a while, then kill in the middle of the stream of writes.
    while (acknowledged.length < 300) await new Promise((r) => setTimeout(r, 20));
    child.kill("SIGKILL");
    stop = true;
    await Promise.all(workers);
    await new Promise((r) =>
      child!.exitCode !== null || child!.signalCode !== null ? r(null) : child!.once("exit", r),
    );
    expect(child.signalCode).toBe("SIGKILL");

    const again = await startEmulator({ port: 0, stateDir });
    try {
      const ids = new Set<string>();
      let position: string | undefined;
      do {
        const page = await apigw(again.url).send(new GetRestApisCommand({ limit: 500, position }));
        for (const a of page.items ?? []) ids.add(a.id!);
        position = page.position;
      } while (position);
      const missing = acknowledged.filter((id) => !ids.has(id));
      expect(missing).toEqual([]);
      expect(ids.size).toBeGreaterThanOrEqual(acknowledged.length);
    } finally {
      await again.close();
    }
  }, 60_000);
});
