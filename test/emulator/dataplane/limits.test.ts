/**
 * AWS's limits and failure answers over HTTP (docs/aws-binary-rules.md §8, Q9, Q10, R30, R31), permission refusal
 * (docs/aws-binary-rules.md §7), and survival: handlers that crash never take the emulator down; every other request is
 * answered correctly.
 */
import http from "node:http";
import net from "node:net";
import { beforeAll, describe, expect, it } from "vitest";
import { DeleteFunctionCommand } from "@aws-sdk/client-lambda";
import { createApi, createFunction, invokeUrl, request, result, RESULT_HANDLER } from "./harness";
import { useEmulator } from "../../support/emulator";

const h = useEmulator({ prefix: "bg-dataplane-" });
let api: string; // [application/octet-stream], /{proxy+} ANY → result handler
let slowApi: string; // timeoutInMillis 300 → a handler sleeping 2 s
let crashApi: string; // /throw, /exit
let noPermApi: string;
let goneApi: string;

const ISE = '{"message": "Internal server error"}';

beforeAll(async () => {
  const fn = await createFunction(h, "limits", { "index.js": RESULT_HANDLER });
  api = await createApi(
    h,
    "limits",
    ["application/octet-stream"],
    [{ path: "/{proxy+}", method: "ANY", functionArn: fn }],
  );

  const slow = await createFunction(h, "slow", {
    "index.js": `exports.handler = async () => { await new Promise((r) => setTimeout(r, 2000)); return { statusCode: 200, body: "late" }; };`,
  });
  slowApi = await createApi(h, "slow", [], [{ path: "/slow", functionArn: slow, timeoutInMillis: 300 }]);

  const thrower = await createFunction(h, "thrower", {
    "index.js": `exports.handler = async () => { throw new Error("boom"); };`,
  });
  const exiter = await createFunction(h, "exiter", {
    "index.js": `exports.handler = async () => { process.exit(3); };`,
  });
  const garbage = await createFunction(h, "garbage", { "index.js": `exports.handler = async () => "justAString";` });
  const big = await createFunction(h, "big", {
    "index.js": `exports.handler = async (e) => ({ statusCode: 200, body: "x".repeat(Number(e.queryStringParameters.n)) });`,
  });
  crashApi = await createApi(
    h,
    "crash",
    [],
    [
      { path: "/throw", functionArn: thrower },
      { path: "/exit", functionArn: exiter },
      { path: "/garbage", functionArn: garbage },
      { path: "/big", functionArn: big },
      { path: "/ok", functionArn: fn },
    ],
  );

  const noPerm = await createFunction(h, "noperm", { "index.js": RESULT_HANDLER }, { permission: false });
  const otherApiOnly = await createFunction(
    h,
    "otherapi",
    { "index.js": RESULT_HANDLER },
    { permission: `arn:aws:execute-api:us-east-1:${h.account}:zzzzzzzzzz/*/*/*` },
  );
  const getOnly = await createFunction(
    h,
    "getonly",
    { "index.js": RESULT_HANDLER },
    { permission: `arn:aws:execute-api:us-east-1:${h.account}:*/prod/GET/only` },
  );
  noPermApi = await createApi(
    h,
    "noperm",
    [],
    [
      { path: "/none", functionArn: noPerm },
      { path: "/other", functionArn: otherApiOnly },
      { path: "/only", functionArn: getOnly },
      { path: "/only", method: "POST", functionArn: getOnly },
    ],
  );

  const gone = await createFunction(h, "gone", { "index.js": RESULT_HANDLER });
  goneApi = await createApi(h, "gone", [], [{ path: "/gone", functionArn: gone }]);
  await h.lambda.send(new DeleteFunctionCommand({ FunctionName: "gone" }));
}, 60_000);

describe("limits (docs/aws-binary-rules.md §8)", () => {
  it("Q9: a declared body over 10 MB → 413 text, without reading it", async () => {
    const u = new URL(invokeUrl(h, api, "prod", "/big"));
    // Send only the headers: the emulator must answer from Content-Length alone.
    const reply = await new Promise<string>((resolve, reject) => {
      const sock = net.connect(Number(u.port), u.hostname, () => {
        sock.write(
          `POST ${u.pathname} HTTP/1.1\r\nHost: ${u.host}\r\nContent-Type: application/octet-stream\r\nContent-Length: 10485761\r\n\r\n`,
        );
      });
      let data = "";
      sock.on("data", (c) => (data += c.toString("latin1")));
      sock.on("end", () => resolve(data));
      sock.on("close", () => resolve(data));
      sock.on("error", reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 413 /);
    expect(reply).toMatch(/content-type: text; charset=utf-8/i);
    expect(reply.endsWith("HTTP content length exceeded 10485760 bytes.")).toBe(true);
  });

  it("Q9: a chunked body passing 10 MB → 413 text", async () => {
    const u = new URL(invokeUrl(h, api, "prod", "/big"));
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        {
          host: u.hostname,
          port: u.port,
          path: u.pathname,
          method: "POST",
          headers: { "Content-Type": "application/octet-stream", "Transfer-Encoding": "chunked" },
          agent: false,
        },
        (r) => {
          let body = "";
          r.on("data", (c) => (body += c));
          r.on("end", () => resolve({ status: r.statusCode!, body }));
        },
      );
      req.on("error", reject);
      const chunk = Buffer.alloc(1024 * 1024, 1);
      let sent = 0;
      const pump = () => {
        while (sent < 11) {
          sent++;
          if (!req.write(chunk)) return void req.once("drain", pump);
        }
        req.end();
      };
      pump();
    });
    expect(res.status).toBe(413);
    expect(res.body).toBe("HTTP content length exceeded 10485760 bytes.");
  });

  it("Q10: a 5 MB binary upload whose event passes 6 MB → 413 Request Too Long", async () => {
    const res = await request(invokeUrl(h, api, "prod", "/upload"), {
      method: "POST",
      headers: { "Content-Type": "application/octet-stream" },
      body: Buffer.alloc(5 * 1024 * 1024, 7),
    });
    expect(res.status).toBe(413);
    expect(res.headers["x-amzn-errortype"]).toBe("BadRequestException");
    expect(res.headers["content-type"]).toBe("application/json");
    expect(res.body.toString()).toBe('{"message": "Request Too Long"}');
  });

  it("a 4 MB binary upload still fits and arrives base64-encoded", async () => {
    const body = Buffer.alloc(4 * 1024 * 1024, 9);
    const res = await request(invokeUrl(h, api, "prod", "/upload"), {
      method: "POST",
      headers: { "Content-Type": "application/octet-stream" },
      body,
    });
    expect(res.status).toBe(200);
    const event = JSON.parse(res.body.toString());
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body, "base64").equals(body)).toBe(true);
  });

  it.each([
    [6_291_556, 502],
    [6_000_000, 200],
  ])("R30: a Lambda result with a %i-byte body → %i (limit 6,291,556 bytes of result JSON)", async (n, status) => {
    const res = await request(`${invokeUrl(h, crashApi, "prod", "/big")}?n=${n}`, {
      headers: { Accept: "text/plain" },
    });
    expect(res.status).toBe(status);
    if (status === 200) expect(res.body.length).toBe(n);
    else expect(res.body.toString()).toBe(ISE);
  });

  it("R31: a handler slower than timeoutInMillis → 504 Endpoint request timed out, in time", async () => {
    const t0 = Date.now();
    const res = await request(invokeUrl(h, slowApi, "prod", "/slow"));
    expect(res.status).toBe(504);
    expect(res.body.toString()).toBe('{"message": "Endpoint request timed out"}');
    expect(Date.now() - t0).toBeLessThan(1800);
  });
});

describe("function failures and permission", () => {
  it.each([
    ["/throw", 502, ISE],
    ["/exit", 502, ISE],
    ["/garbage", 502, ISE],
  ])("%s → %i", async (p, status, body) => {
    const res = await request(invokeUrl(h, crashApi, "prod", p));
    expect(res.status).toBe(status);
    expect(res.body.toString()).toBe(body);
  });

  it.each([
    ["GET", "/none", 500],
    ["GET", "/other", 500],
    ["POST", "/only", 500],
    ["GET", "/only", 200],
  ])("permission: %s %s → %i", async (method, p, status) => {
    const res = await request(invokeUrl(h, noPermApi, "prod", p), {
      method,
      headers: { "x-result": result({ statusCode: 200, body: "allowed" }) },
    });
    expect(res.status).toBe(status);
    expect(res.body.toString()).toBe(status === 200 ? "allowed" : ISE);
  });

  it("a deleted function → 502 Internal server error", async () => {
    const res = await request(invokeUrl(h, goneApi, "prod", "/gone"));
    expect(res.status).toBe(502);
    expect(res.body.toString()).toBe(ISE);
  });

  it("survives 200 requests over 20 connections while a handler keeps crashing", async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 20 });
    try {
      const jobs = Array.from({ length: 200 }, (_, i) => {
        const crash = i % 10 === 0;
        const marker = `req-${i}`;
        return request(invokeUrl(h, crashApi, "prod", crash ? "/exit" : "/ok"), {
          agent,
          headers: { "x-result": result({ statusCode: 200, headers: { "Content-Type": "text/plain" }, body: marker }) },
        }).then((res) => ({ i, crash, marker, res }));
      });
      const all = await Promise.all(jobs);
      for (const { crash, marker, res } of all) {
        if (crash) {
          expect(res.status).toBe(502);
        } else {
          expect(res.status).toBe(200);
          expect(res.body.toString()).toBe(marker);
        }
      }
    } finally {
      agent.destroy();
    }
    // And the emulator still serves afterwards.
    const after = await request(invokeUrl(h, crashApi, "prod", "/ok"), {
      headers: { "x-result": result({ statusCode: 200, body: "still here" }) },
    });
    expect(after.body.toString()).toBe("still here");
  }, 60_000);
});
