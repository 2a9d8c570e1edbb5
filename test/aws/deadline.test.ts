import { createServer, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getRestApi, listAllRestApis } from "@/lib/aws";
import { resetConfigForTests } from "@/lib/config";

/*
 * issue 9 item 6: a target that accepts connections and never answers. Before the fix the SDK's requestTimeout
 * only logged a warning and the call hung for as long as the socket stayed open; every control-plane call must
 * end at its deadline with a message that says the target is not answering.
 */

let server: Server;
let port: number;
const sockets = new Set<Socket>();
const saved = { ...process.env };
const DEADLINE_MS = 400;

beforeAll(async () => {
  // Takes every connection, reads what is sent, answers nothing.
  server = createServer((socket) => {
    sockets.add(socket);
    socket.on("data", () => {});
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  port = (server.address() as { port: number }).port;
  process.env.BINARYGATE_TARGET = "local";
  process.env.BINARYGATE_EMULATOR_URL = `http://127.0.0.1:${port}`;
  process.env.BINARYGATE_AWS_TIMEOUT_MS = String(DEADLINE_MS);
  resetConfigForTests();
});

afterAll(async () => {
  process.env = saved;
  resetConfigForTests();
  for (const s of sockets) s.destroy();
  await new Promise<void>((r) => server.close(() => r()));
});

describe("control-plane calls end at their deadline", () => {
  it.each([
    ["GetRestApis", () => listAllRestApis("us-east-1")],
    ["GetRestApi", () => getRestApi("us-east-1", "abcdefghij")],
  ])(
    "%s against a silent target fails within the deadline, saying the target is not answering",
    async (op, call) => {
      const started = Date.now();
      const r = await call();
      const took = Date.now() - started;
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.code).toBe("target-timeout");
      expect(r.error.message).toContain(`The local emulator at http://127.0.0.1:${port} is not answering`);
      expect(r.error.message).toContain(op);
      expect(r.error.message).toContain("0.4 s");
      expect(took).toBeGreaterThanOrEqual(DEADLINE_MS - 50);
      // The deadline plus scheduling slack on a busy 2-core machine: far from the 30 s default or a hang.
      expect(took).toBeLessThan(DEADLINE_MS + 4_000);
    },
    15_000,
  );

  it("the connections it opened are closed, not left hanging", async () => {
    await new Promise((r) => setTimeout(r, 200));
    expect(sockets.size).toBe(0);
  });
});
