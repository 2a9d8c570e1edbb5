import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GetDeploymentsCommand, GetRestApiCommand } from "@aws-sdk/client-api-gateway";
import { isBuildStale } from "../../scripts/build-freshness";
import { createApi, startTarget } from "../aws/helpers";

/*
 * docs/security.md promises 1–3 at the HTTP level, against the PRODUCTION build (`next start`), with forged Host and
 * Origin headers. Server actions are POSTed exactly as React does (Next-Action header + encodeReply body);
 * the action id is read from the build's server-reference manifest. A real emulator is the target, so a
 * refused write is proven by the API's state, not only by the response text.
 */

const ROOT = join(__dirname, "../..");
const DIST = process.env.BINARYGATE_DIST_DIR || ".next-dash";
const TOKEN = randomBytes(24).toString("hex");

function ensureBuild(): void {
  if (!isBuildStale(ROOT, DIST)) return;
  // `next build` with a non-default distDir adds that dir's types to tsconfig.json's include; put it back.
  const tsconfig = readFileSync(join(ROOT, "tsconfig.json"), "utf8");
  const r = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
    cwd: ROOT,
    env: { ...process.env, BINARYGATE_DIST_DIR: DIST, NEXT_TELEMETRY_DISABLED: "1" },
    encoding: "utf8",
    timeout: 240_000,
  });
  if (readFileSync(join(ROOT, "tsconfig.json"), "utf8") !== tsconfig)
    writeFileSync(join(ROOT, "tsconfig.json"), tsconfig);
  if (r.status !== 0) throw new Error(`next build failed:\n${r.stdout}\n${r.stderr}`);
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

interface Dashboard {
  port: number;
  proc: ChildProcess;
  log: string[];
}

/** `next start`, or with `server: "ours"` the peer-stamping server `npm start` runs (scripts/serve-dashboard.ts). */
async function startDashboard(env: Record<string, string>, server: "next" | "ours" = "next"): Promise<Dashboard> {
  const port = await freePort();
  const args =
    server === "next"
      ? ["node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"]
      : ["--import", "tsx", "scripts/serve-dashboard.ts"];
  const proc = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      BINARYGATE_DIST_DIR: DIST,
      ...(server === "ours" ? { PORT: String(port), BINARYGATE_DASHBOARD_HOST: "127.0.0.1" } : {}),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log: string[] = [];
  proc.stdout!.on("data", (d) => log.push(String(d)));
  proc.stderr!.on("data", (d) => log.push(String(d)));
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const r = await request(port, { path: "/api/health" });
      if (r.status === 200) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`next start did not become ready:\n${log.join("")}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { port, proc, log };
}

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One HTTP request with full control of Host/Origin (fetch would set Host itself). */
function request(
  port: number,
  opts: { method?: string; path: string; headers?: Record<string, string>; body?: Buffer; from?: string },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers = { host: `127.0.0.1:${port}`, ...opts.headers };
    const req = http.request(
      { host: "127.0.0.1", port, localAddress: opts.from, method: opts.method ?? "GET", path: opts.path, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }),
        );
      },
    );
    req.on("error", reject);
    req.end(opts.body);
  });
}

function actionId(name: string): string {
  const manifest = JSON.parse(readFileSync(join(ROOT, DIST, "server/server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { exportedName?: string; filename?: string }>;
  };
  const found = Object.entries(manifest.node).find(
    ([, v]) => v.exportedName === name && v.filename === "app/apis/[apiId]/actions.ts",
  );
  if (!found) throw new Error(`action ${name} not in the build's manifest`);
  return found[0];
}

/** The body React sends for `action(prevState, formData)` (encodeReply), with its content-type. */
async function actionBody(fields: Record<string, string>): Promise<{ body: Buffer; contentType: string }> {
  const { encodeReply } = require("next/dist/compiled/react-server-dom-turbopack/client.node") as {
    encodeReply: (v: unknown) => Promise<string | FormData>;
  };
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  const encoded = await encodeReply([{ ok: null, message: "" }, fd]);
  const res = new Response(encoded as FormData);
  return { body: Buffer.from(await res.arrayBuffer()), contentType: res.headers.get("content-type")! };
}

const PROXY_ADDRESS = "127.0.0.2";
const TRUST_LOOPBACK_PROXY = { BINARYGATE_TRUST_PROXY: "1", BINARYGATE_TRUSTED_PROXY: "127.0.0.1" };

let target: Awaited<ReturnType<typeof startTarget>>;
let open: Dashboard;
let locked: Dashboard;
let readOnly: Dashboard;
let down: Dashboard;
let proxied: Dashboard;
let silent: Dashboard;
// A target that accepts connections and never answers (issue: pages hung on their skeletons for minutes).
const muted = new Set<import("node:net").Socket>();
const mute = createServer((socket) => {
  muted.add(socket);
  socket.on("data", () => {});
});
let apiId: string;

beforeAll(async () => {
  ensureBuild();
  target = await startTarget();
  apiId = await createApi(target.sdk, "security", { stage: "prod" });
  const closed = await freePort();
  await new Promise<void>((r) => mute.listen(0, "127.0.0.1", () => r()));
  const mutePort = (mute.address() as { port: number }).port;
  const url = target.emu.url;
  [open, locked, readOnly, down, proxied, silent] = await Promise.all([
    // Docker sets HOSTNAME to the container id; it must not be taken for a non-loopback bind address.
    startDashboard({ BINARYGATE_EMULATOR_URL: url, HOSTNAME: "3f2a9c1e0b7d" }),
    startDashboard({ BINARYGATE_EMULATOR_URL: url, BINARYGATE_ACCESS_TOKEN: TOKEN }),
    // Plain `next start` cannot see the peer: trusting a proxy must fail closed there.
    startDashboard({ BINARYGATE_EMULATOR_URL: url, BINARYGATE_READ_ONLY: "1", ...TRUST_LOOPBACK_PROXY }),
    startDashboard({ BINARYGATE_EMULATOR_URL: `http://127.0.0.1:${closed}` }),
    // Our own server, with the "proxy" at 127.0.0.2: requests from 127.0.0.1 are other clients.
    startDashboard(
      { BINARYGATE_EMULATOR_URL: url, BINARYGATE_TRUST_PROXY: "1", BINARYGATE_TRUSTED_PROXY: PROXY_ADDRESS },
      "ours",
    ),
    startDashboard({ BINARYGATE_EMULATOR_URL: `http://127.0.0.1:${mutePort}`, BINARYGATE_AWS_TIMEOUT_MS: "1500" }),
  ]);
}, 300_000);

afterAll(async () => {
  for (const d of [open, locked, readOnly, down, proxied, silent])
    if (d?.proc.exitCode === null) d.proc.kill("SIGTERM");
  for (const socket of muted) socket.destroy();
  mute.close();
  await target?.stop();
});

async function binaryMediaTypes(): Promise<string[]> {
  const api = await target.sdk.send(new GetRestApiCommand({ restApiId: apiId }));
  return api.binaryMediaTypes ?? [];
}

async function postAdd(d: Dashboard, mediaType: string, headers: Record<string, string>): Promise<RawResponse> {
  const { body, contentType } = await actionBody({ region: "us-east-1", apiId, mediaType });
  return request(d.port, {
    method: "POST",
    path: `/apis/${apiId}?region=us-east-1`,
    headers: {
      "content-type": contentType,
      accept: "text/x-component",
      "next-action": actionId("addBinaryMediaTypeAction"),
      ...headers,
    },
    body,
  });
}

describe("Host allow-list in proxy.ts (docs/security.md promise 2: DNS rebinding)", () => {
  it.each(["evil.example", "evil.example:80", "127.0.0.1.nip.io", "localhost.evil.example", "attacker.localhost.evil"])(
    "Host %s gets 403 before any page renders",
    async (host) => {
      const r = await request(open.port, { path: "/", headers: { host } });
      expect(r.status).toBe(403);
      expect(r.body).toContain("this Host is not allowed");
      expect(r.body).not.toContain("REST APIs");
    },
  );

  it("loopback names are served", async () => {
    for (const host of [`127.0.0.1:${open.port}`, `localhost:${open.port}`, `[::1]:${open.port}`]) {
      const r = await request(open.port, { path: "/", headers: { host } });
      expect(r.status, host).toBe(200);
    }
  });

  it("X-Forwarded-Host is ignored without a trusted proxy; the CVE-2025-29927 header does not skip the check", async () => {
    const fwd = await request(open.port, { path: "/", headers: { "x-forwarded-host": "evil.example" } });
    expect(fwd.status).toBe(200);
    const bypass = await request(open.port, {
      path: "/",
      headers: {
        host: "evil.example",
        "x-middleware-subrequest":
          "proxy:proxy:proxy:proxy:proxy:middleware:middleware:middleware:middleware:middleware",
      },
    });
    expect(bypass.status).toBe(403);
  });

  it("a server action POST with a foreign Host is refused and changes nothing", async () => {
    const r = await postAdd(open, "image/gif", { host: "evil.example", origin: "http://evil.example" });
    expect(r.status).toBe(403);
    expect(await binaryMediaTypes()).not.toContain("image/gif");
  });
});

describe("bind address (docs/security.md promise 1)", () => {
  it("HOSTNAME (Docker's container id) is not read as the bind address: a loopback dashboard needs no token", async () => {
    const r = await request(open.port, { path: "/" });
    expect(r.status).toBe(200);
    expect(r.body).toContain("REST APIs");
  });
});

describe("X-Forwarded-Host only from the configured proxy (docs/security.md promise 3)", () => {
  // What a DNS-rebinding page sends: its own name as Host, a loopback name in X-Forwarded-Host.
  const rebinding = (port: number) => ({ host: `attacker.example:${port}`, "x-forwarded-host": `localhost:${port}` });

  it("under plain next start the peer is unknown, so X-Forwarded-Host is never trusted", async () => {
    const r = await request(readOnly.port, { path: "/", headers: rebinding(readOnly.port) });
    expect(r.status).toBe(403);
    expect(r.body).not.toContain("REST APIs");
  });

  it("a client that is not the proxy is refused, even with a forged peer header", async () => {
    const plain = await request(proxied.port, { path: "/", headers: rebinding(proxied.port) });
    expect(plain.status).toBe(403);
    const forged = await request(proxied.port, {
      path: "/",
      headers: { ...rebinding(proxied.port), "x-binarygate-peer": `${"0".repeat(64)} ${PROXY_ADDRESS}` },
    });
    expect(forged.status).toBe(403);
  });

  it("the configured proxy's X-Forwarded-Host is what the Host check sees", async () => {
    const internal = { host: `dashboard.internal:${proxied.port}` };
    const ok = await request(proxied.port, {
      from: PROXY_ADDRESS,
      path: "/",
      headers: { ...internal, "x-forwarded-host": `localhost:${proxied.port}` },
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toContain("REST APIs");
    const foreign = await request(proxied.port, {
      from: PROXY_ADDRESS,
      path: "/",
      headers: { ...internal, "x-forwarded-host": "evil.example" },
    });
    expect(foreign.status).toBe(403);
  });
});

describe("server actions refuse cross-site writes (docs/security.md promise 3)", () => {
  it("same-origin POST is accepted (control: the request format really reaches the action)", async () => {
    const r = await postAdd(open, "image/png", { origin: `http://127.0.0.1:${open.port}` });
    expect(r.status).toBe(200);
    expect(r.body).toContain("Added image/png");
    expect(await binaryMediaTypes()).toContain("image/png");
  });

  it("a missing Origin is refused by our guard (Next itself lets it through)", async () => {
    const r = await postAdd(open, "image/jpeg", {});
    expect(r.body).toContain("Request refused (missing Origin header)");
    expect(await binaryMediaTypes()).not.toContain("image/jpeg");
  });

  it("Origin: null is refused", async () => {
    const r = await postAdd(open, "image/webp", { origin: "null" });
    expect(r.body).not.toContain("Added image/webp");
    // Next's own origin check answers first here (500 with an error digest); ours is the second layer.
    expect(r.status === 500 || r.body.includes("Request refused (Origin: null)")).toBe(true);
    expect(await binaryMediaTypes()).not.toContain("image/webp");
  });

  it("a foreign Origin is refused (Next's own check or ours) and changes nothing", async () => {
    const r = await postAdd(open, "image/avif", { origin: "http://evil.example" });
    expect(r.body).not.toContain("Added image/avif");
    expect(r.status === 500 || r.body.includes("Request refused (foreign Origin)")).toBe(true);
    expect(await binaryMediaTypes()).not.toContain("image/avif");
  });
});

describe("access token beyond loopback (docs/security.md promise 1)", () => {
  it("without the cookie: 401 for pages and actions", async () => {
    const page = await request(locked.port, { path: "/" });
    expect(page.status).toBe(401);
    expect(page.body).toContain("Access token required");
    expect(page.body).not.toContain(TOKEN);
    const wrong = await request(locked.port, { path: `/?token=${"0".repeat(48)}` });
    expect(wrong.status).toBe(401);
    const action = await postAdd(locked, "image/bmp", { origin: `http://127.0.0.1:${locked.port}` });
    expect(action.status).toBe(401);
    expect(await binaryMediaTypes()).not.toContain("image/bmp");
  });

  it("?token= sets an HttpOnly SameSite=Strict cookie and redirects to the URL without it", async () => {
    const r = await request(locked.port, { path: `/?region=us-east-1&token=${TOKEN}` });
    expect(r.status).toBe(303);
    expect(String(r.headers.location).replace(`http://127.0.0.1:${locked.port}`, "")).toBe("/?region=us-east-1");
    const cookie = String(r.headers["set-cookie"]);
    expect(cookie).toContain(`binarygate_access=${TOKEN}`);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);

    const page = await request(locked.port, {
      path: "/?region=us-east-1",
      headers: { cookie: `binarygate_access=${TOKEN}` },
    });
    expect(page.status).toBe(200);
    expect(page.body).toContain("REST APIs");
    expect(page.body).not.toContain(TOKEN);
  });

  it("with the cookie, a same-origin action works", async () => {
    const r = await postAdd(locked, "application/pdf", {
      origin: `http://127.0.0.1:${locked.port}`,
      cookie: `binarygate_access=${TOKEN}`,
    });
    expect(r.body).toContain("Added application/pdf");
    expect(await binaryMediaTypes()).toContain("application/pdf");
  });

  it("the token never appears in the server's output", () => {
    expect(locked.log.join("")).not.toContain(TOKEN);
  });
});

describe("redeploy description (one line only)", () => {
  async function postRedeploy(description: string): Promise<RawResponse> {
    const { body, contentType } = await actionBody({ region: "us-east-1", apiId, stageName: "prod", description });
    return request(open.port, {
      method: "POST",
      path: `/apis/${apiId}?region=us-east-1`,
      headers: {
        "content-type": contentType,
        accept: "text/x-component",
        "next-action": actionId("redeployStageAction"),
        origin: `http://127.0.0.1:${open.port}`,
      },
      body,
    });
  }
  const deployments = async () =>
    (await target.sdk.send(new GetDeploymentsCommand({ restApiId: apiId }))).items?.length ?? 0;

  it.each([
    ["CR+LF", "fixed\r\nInjected-Line: yes"],
    ["NUL", "fixed\u0000tail"],
  ])("a description with %s is refused with a clear message and nothing is deployed", async (_label, description) => {
    const before = await deployments();
    const r = await postRedeploy(description);
    expect(r.body).toContain("The description must be a single line");
    expect(await deployments()).toBe(before);
  });

  it("a one-line description deploys (control: the request format really reaches the action)", async () => {
    const before = await deployments();
    const r = await postRedeploy("one line");
    expect(r.body).toContain("Deployed ");
    expect(await deployments()).toBe(before + 1);
  });
});

describe("read-only mode (docs/security.md promise 10)", () => {
  it("hides every mutation on the page and the actions refuse", async () => {
    const page = await request(readOnly.port, { path: `/apis/${apiId}?region=us-east-1` });
    expect(page.status).toBe(200);
    expect(page.body).toContain("read-only");
    expect(page.body).toContain("Stages");
    expect(page.body).not.toContain('aria-label="Add a binary media type"');
    expect(page.body).not.toContain("Redeploy prod");
    expect(page.body).not.toMatch(/aria-label="Remove /);
    const r = await postAdd(readOnly, "image/tiff", { origin: `http://127.0.0.1:${readOnly.port}` });
    expect(r.body).toContain("Read-only mode");
    expect(await binaryMediaTypes()).not.toContain("image/tiff");
  });
});

describe("a target that never answers", () => {
  it("the list page ends at the deadline and says the target is not answering", async () => {
    const started = Date.now();
    const r = await request(silent.port, { path: "/" });
    expect(r.status).toBe(200);
    expect(r.body).toContain("Target not answering");
    expect(r.body).toContain("is not answering");
    expect(Date.now() - started).toBeLessThan(20_000);
  }, 30_000);
});

describe("unreachable target", () => {
  it("the list page says the emulator is not reachable and how to start it", async () => {
    const r = await request(down.port, { path: "/" });
    expect(r.status).toBe(200);
    expect(r.body).toContain("Target unreachable");
    expect(r.body).toContain("npm run emulator");
  });
});
