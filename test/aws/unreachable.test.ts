import { createServer } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { listAllRestApis, stageInvokeUrl } from "@/lib/aws";
import { resetConfigForTests } from "@/lib/config";

// A port that was just free and is now closed: connections are refused (ECONNREFUSED).
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

const saved = { ...process.env };
afterAll(() => {
  process.env = saved;
  resetConfigForTests();
});

describe("target-unreachable", () => {
  it("says how to start the emulator, and never throws", async () => {
    const port = await closedPort();
    process.env.BINARYGATE_TARGET = "local";
    process.env.BINARYGATE_EMULATOR_URL = `http://127.0.0.1:${port}`;
    resetConfigForTests();
    const r = await listAllRestApis("us-east-1");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe("target-unreachable");
    expect(r.error.message).toContain(`http://127.0.0.1:${port}`);
    expect(r.error.message).toContain("npm run emulator");
  });
});

describe("invoke URLs for AWS and custom endpoints (docs/aws-binary-rules.md §9)", () => {
  it("AWS", () => {
    process.env.BINARYGATE_TARGET = "aws";
    delete process.env.AWS_ENDPOINT_URL;
    delete process.env.AWS_ENDPOINT_URL_API_GATEWAY;
    resetConfigForTests();
    expect(stageInvokeUrl("eu-west-1", "abc123defg", "prod", "/a", "fetch")).toBe(
      "https://abc123defg.execute-api.eu-west-1.amazonaws.com/prod/a",
    );
  });
  it("a LocalStack-style endpoint uses the path style", () => {
    process.env.BINARYGATE_TARGET = "aws";
    process.env.AWS_ENDPOINT_URL = "http://localhost:4566/";
    resetConfigForTests();
    expect(stageInvokeUrl("us-east-1", "abc123defg", "dev", "/", "display")).toBe(
      "http://localhost:4566/_aws/execute-api/abc123defg/dev/",
    );
  });
});
