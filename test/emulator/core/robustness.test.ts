// The emulator keeps serving through failures it did not expect, and stops cleanly on SIGTERM.
import { describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { createHash, createHmac } from "node:crypto";
import { rm } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { CreateRestApiCommand, GetRestApisCommand } from "@aws-sdk/client-api-gateway";
import { apigw, errorOf, freshEmulator, tempDir } from "./helpers";

describe("robustness", () => {
  it("a failed state write answers a logged 500, changes nothing, and later calls still work", async () => {
    const emu = await freshEmulator();
    try {
      const client = apigw(emu.url);
      await client.send(new CreateRestApiCommand({ name: "before" }));
      // Pull the state directory out from under the store: the next durable write must fail.
      await rm(emu.stateDir, { recursive: true, force: true });
      const errors: unknown[] = [];
      const original = console.error;
      console.error = (...args: unknown[]) => errors.push(args);
      let err: Awaited<ReturnType<typeof errorOf>>;
      try {
        err = await errorOf(() => client.send(new CreateRestApiCommand({ name: "lost" })));
      } finally {
        console.error = original;
      }
      expect(err.$metadata?.httpStatusCode).toBe(500);
      expect(err.name).toBe("InternalFailure");
      expect(err.message).not.toMatch(/ENOENT|\/tmp\//);
      expect(errors.length).toBeGreaterThan(0);
      const list = await client.send(new GetRestApisCommand({}));
      expect(list.items!.map((a) => a.name)).toEqual(["before"]);
    } finally {
      await emu.close();
      await rm(emu.stateDir, { recursive: true, force: true });
    }
  });

  it("a client that hangs up mid-body is dropped quietly and the emulator keeps serving", async () => {
    const emu = await freshEmulator();
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      const u = new URL(emu.url);
      const amz = new Date()
        .toISOString()
        .replace(/[-:]/g, "")
        .replace(/\.\d{3}/, "");
      const sock = net.connect(Number(u.port), u.hostname);
      await new Promise((r) => sock.once("connect", r));
      sock.write(
        `POST /restapis HTTP/1.1\r\nHost: ${u.host}\r\nContent-Length: 1000\r\nX-Amz-Date: ${amz}\r\n` +
          `Authorization: AWS4-HMAC-SHA256 Credential=test/${amz.slice(0, 8)}/us-east-1/apigateway/aws4_request, SignedHeaders=host;x-amz-date, Signature=${"0".repeat(64)}\r\n\r\n{"name":`,
      );
      await new Promise((r) => setTimeout(r, 100));
      sock.destroy();
      await new Promise((r) => setTimeout(r, 100));
      expect((await fetch(`${emu.url}/_binarygate/health`)).status).toBe(200);
      expect(errors).toEqual([]);
    } finally {
      console.error = original;
      await emu.dispose();
    }
  });

  it("a presigned GET (X-Amz-Signature in the query) verifies; a tampered one does not", async () => {
    const emu = await freshEmulator();
    try {
      const u = new URL("/restapis", emu.url);
      const amzDate = new Date()
        .toISOString()
        .replace(/[-:]/g, "")
        .replace(/\.\d{3}/, "");
      const scope = `${amzDate.slice(0, 8)}/us-east-1/apigateway/aws4_request`;
      const q = new URLSearchParams({
        "X-Amz-Algorithm": "AWS4-HMAC-SHA256",
        "X-Amz-Credential": `test/${scope}`,
        "X-Amz-Date": amzDate,
        "X-Amz-Expires": "300",
        "X-Amz-SignedHeaders": "host",
      });
      const canonicalQuery = [...q.entries()]
        .sort()
        .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
        .join("&");
      const canonical = ["GET", "/restapis", canonicalQuery, `host:${u.host}\n`, "host", "UNSIGNED-PAYLOAD"].join("\n");
      const sts = ["AWS4-HMAC-SHA256", amzDate, scope, createHash("sha256").update(canonical).digest("hex")].join("\n");
      let k: Buffer = createHmac("sha256", "AWS4test").update(amzDate.slice(0, 8)).digest();
      for (const p of ["us-east-1", "apigateway", "aws4_request"]) k = createHmac("sha256", k).update(p).digest();
      const sig = createHmac("sha256", k).update(sts).digest("hex");
      const ok = await fetch(`${u}?${canonicalQuery}&X-Amz-Signature=${sig}`);
      expect(ok.status).toBe(200);
      const bad = await fetch(`${u}?${canonicalQuery}&X-Amz-Signature=${"0".repeat(64)}`);
      expect(bad.status).toBe(403);
      expect(bad.headers.get("x-amzn-errortype")).toBe("InvalidSignatureException");
    } finally {
      await emu.dispose();
    }
  });

  it("the CLI shuts down cleanly on SIGTERM (exit 0)", async () => {
    const dir = await tempDir("bg-sigterm-");
    const root = path.resolve(__dirname, "../../..");
    const proc = spawn(
      process.execPath,
      ["--import", "tsx", "lib/emulator/cli.ts", "--port", "0", "--state-dir", dir],
      { cwd: root, stdio: ["ignore", "pipe", "pipe"] },
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = "";
        proc.stdout!.on("data", (c) => {
          out += c;
          const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m) resolve(m[1]);
        });
        proc.once("exit", (code) => reject(new Error(`exited ${code}: ${out}`)));
      });
      expect((await fetch(`${url}/_binarygate/health`)).status).toBe(200);
      const exited = new Promise<number | null>((r) => proc.once("exit", (code) => r(code)));
      proc.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      if (proc.exitCode === null) proc.kill("SIGKILL");
      await rm(dir, { recursive: true, force: true });
    }
  });
});
