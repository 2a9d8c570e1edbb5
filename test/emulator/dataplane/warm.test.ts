/**
 * Warm-up: a function that a deployed stage reaches gets a worker before its first request — after the deployment,
 * and again when the emulator starts on a state that already has the stage — so the first call does not pay for a
 * process start and the handler's load. A function no stage reaches gets none.
 */
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startEmulator } from "@/lib/emulator";
import { createProxyApi, createProxyFunction, emulatorClients } from "../../support/proxy-api";
import { invokeUrl, request } from "./harness";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

const PID_HANDLER = `exports.handler = async () => ({ statusCode: 200, body: String(process.pid) });`;

/** This process's children (the workers of an emulator running in it). */
async function children(): Promise<Set<number>> {
  const out = new Set<number>();
  for (const t of await readdir(`/proc/${process.pid}/task`)) {
    const list = await readFile(`/proc/${process.pid}/task/${t}/children`, "utf8").catch(() => "");
    for (const p of list.split(" ").filter(Boolean)) out.add(Number(p));
  }
  return out;
}

/** Waits until a child not in `before` exists; its pid, or null after the time is up. */
async function newChild(before: Set<number>, ms = 15_000): Promise<number | null> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    for (const p of await children()) if (!before.has(p)) return p;
    await new Promise((r) => setTimeout(r, 50));
  }
  return null;
}

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe("warm-up of functions reachable from deployed stages", () => {
  it("starts a worker after the deployment and on a restart; the first request uses it", async () => {
    const stateDir = await mkdtemp(path.join(tmpdir(), "bg-warm-"));
    dirs.push(stateDir);
    const first = await startEmulator({ port: 0, host: "127.0.0.1", stateDir, seed: false });
    let apiId: string;
    try {
      const c = emulatorClients(first.url);
      const before = await children();
      const arn = await createProxyFunction(c, "warm-pid", { "index.js": PID_HANDLER });
      const lonely = await createProxyFunction(c, "warm-unreached", { "index.js": PID_HANDLER });
      expect(lonely).toContain("warm-unreached");
      // Created but not reachable yet: no worker.
      expect(await newChild(before, 1500)).toBeNull();
      apiId = await createProxyApi(c, "warm", [], [{ path: "/pid", functionArn: arn }]);
      c.destroy();
      const warmed = await newChild(before);
      expect(warmed).not.toBeNull();
      const r = await request(invokeUrl(first, apiId, "prod", "/pid"));
      expect(r.status).toBe(200);
      expect(Number(r.body.toString())).toBe(warmed);
      // Only the reachable function got one.
      expect((await children()).size - before.size).toBe(1);
    } finally {
      await first.close();
    }

    const before = await children();
    const second = await startEmulator({ port: 0, host: "127.0.0.1", stateDir, seed: false });
    try {
      const warmed = await newChild(before);
      expect(warmed).not.toBeNull();
      const r = await request(invokeUrl(second, apiId, "prod", "/pid"));
      expect(Number(r.body.toString())).toBe(warmed);
    } finally {
      await second.close();
    }
  }, 60_000);
});
