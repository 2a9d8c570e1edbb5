import { expect, test } from "@playwright/test";
import { APIGatewayClient, GetRestApisCommand } from "@aws-sdk/client-api-gateway";
import { CreateFunctionCommand, GetFunctionCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { zipSync, strToU8 } from "fflate";
import { createHash, createHmac, randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

// Drive-by code execution (docs/security.md promise 13): a page on another site presigns CreateFunction and Invoke with
// the public test/test secret and posts them to the emulator from real Chromium, as fetch(no-cors) and as HTML
// forms. The emulator must refuse all of them: no function created, no handler run.

const EMULATOR_URL = `http://127.0.0.1:${process.env.E2E_EMULATOR_PORT ?? 4610}`;
// A second local origin, cross-site to the emulator: another loopback address (Linux routes all of 127/8 to lo).
const ATTACKER_HOST = "127.0.0.2";
const creds = { accessKeyId: "test", secretAccessKey: "test" };

const amzDate = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
const hmac = (key: Buffer | string, data: string) => createHmac("sha256", key).update(data).digest();
const enc = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** A presigned (query-string) SigV4 URL for the emulator, signed with test/test and an unsigned payload. */
function presign(method: string, pathname: string, service = "lambda", region = "us-east-1"): string {
  const url = new URL(pathname, EMULATOR_URL);
  const date = amzDate(new Date());
  const scope = `${date.slice(0, 8)}/${region}/${service}/aws4_request`;
  const query: Record<string, string> = {
    "X-Amz-Algorithm": "AWS4-HMAC-SHA256",
    "X-Amz-Credential": `test/${scope}`,
    "X-Amz-Date": date,
    "X-Amz-Expires": "300",
    "X-Amz-SignedHeaders": "host",
  };
  const canonicalQuery = Object.keys(query)
    .sort()
    .map((k) => `${enc(k)}=${enc(query[k])}`)
    .join("&");
  const canonical = [method, url.pathname, canonicalQuery, `host:${url.host}\n`, "host", "UNSIGNED-PAYLOAD"].join("\n");
  const toSign = ["AWS4-HMAC-SHA256", date, scope, createHash("sha256").update(canonical).digest("hex")].join("\n");
  let key = hmac("AWS4test", date.slice(0, 8));
  for (const part of [region, service, "aws4_request"]) key = hmac(key, part);
  return `${url.origin}${url.pathname}?${canonicalQuery}&X-Amz-Signature=${hmac(key, toSign).toString("hex")}`;
}

/** A Node.js handler zip that leaves a marker file when it runs. */
function markerZip(marker: string): string {
  const write = `require("fs").writeFileSync(${JSON.stringify(marker)}, "ran")`;
  const source = `exports.handler = async () => { ${write}; return {}; };`;
  return Buffer.from(zipSync({ "index.js": strToU8(source) })).toString("base64");
}

async function crossSiteRefusals(): Promise<number> {
  const metrics = (await (await fetch(`${EMULATOR_URL}/_binarygate/metrics`)).json()) as {
    errors: Record<string, Record<string, number>>;
  };
  return metrics.errors.lambda?.CrossSiteRequest ?? 0;
}

let attacker: http.Server;
let attackerOrigin: string;
let markers: string;

test.beforeAll(async () => {
  markers = mkdtempSync(path.join(tmpdir(), "binarygate-drive-by-"));
  attacker = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end("<!doctype html><title>Some other site</title><p>Nothing to see here.</p>");
  });
  await new Promise<void>((resolve) => attacker.listen(0, ATTACKER_HOST, resolve));
  attackerOrigin = `http://${ATTACKER_HOST}:${(attacker.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => attacker.close(() => resolve()));
  rmSync(markers, { recursive: true, force: true });
});

test("a page on another site can neither create nor run a function, by fetch(no-cors) or by form", async ({ page }) => {
  const id = randomBytes(4).toString("hex");
  const lambda = new LambdaClient({ region: "us-east-1", endpoint: EMULATOR_URL, credentials: creds });
  // A function that exists, so that Invoke has something to run; and one the page tries to create.
  const victim = `victim-${id}`;
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: victim,
      Runtime: "nodejs20.x",
      Role: "arn:aws:iam::000000000000:role/lambda-role",
      Handler: "index.handler",
      Code: { ZipFile: Buffer.from(markerZip(path.join(markers, "victim")), "base64") },
    }),
  );
  // The presigner is right: the same kind of URL from a non-browser client lists functions.
  expect((await fetch(presign("GET", "/2015-03-31/functions"))).status).toBe(200);

  const create = (name: string) =>
    JSON.stringify({
      FunctionName: name,
      Runtime: "nodejs20.x",
      Role: "arn:aws:iam::000000000000:role/lambda-role",
      Handler: "index.handler",
      Code: { ZipFile: markerZip(path.join(markers, name)) },
      Description: "",
    });
  const urls = {
    create: presign("POST", "/2015-03-31/functions"),
    invokeFetch: presign("POST", `/2015-03-31/functions/evil-fetch-${id}/invocations`),
    invokeForm: presign("POST", `/2015-03-31/functions/evil-form-${id}/invocations`),
    invokeVictim: presign("POST", `/2015-03-31/functions/${victim}/invocations`),
  };
  const before = await crossSiteRefusals();

  await page.goto(`${attackerOrigin}/`);
  expect(new URL(page.url()).host).toBe(new URL(attackerOrigin).host);
  // fetch(no-cors): a text/plain body, no preflight — what any page can send anywhere.
  await page.evaluate(
    async ({ urls, body }) => {
      const post = (url: string, b: string) =>
        fetch(url, { method: "POST", mode: "no-cors", body: b }).catch(() => undefined);
      await post(urls.create, body);
      await post(urls.invokeFetch, "{}");
      await post(urls.invokeVictim, "{}");
    },
    { urls, body: create(`evil-fetch-${id}`) },
  );

  // HTML forms, enctype text/plain: the name/value pair is shaped so that the body is JSON.
  const json = create(`evil-form-${id}`);
  const cut = json.lastIndexOf('""');
  await page.evaluate(
    async ({ forms }) => {
      for (const { action, name, value } of forms) {
        const frame = document.createElement("iframe");
        frame.name = `f${Math.random().toString(36).slice(2)}`;
        document.body.append(frame);
        const loaded = new Promise((resolve) => frame.addEventListener("load", resolve, { once: true }));
        const form = document.createElement("form");
        Object.assign(form, { method: "POST", action, enctype: "text/plain", target: frame.name });
        const input = document.createElement("input");
        Object.assign(input, { type: "hidden", name, value });
        form.append(input);
        document.body.append(form);
        form.submit();
        await loaded;
      }
    },
    {
      forms: [
        { action: urls.create, name: `${json.slice(0, cut)}"`, value: `${json.slice(cut + 1)}` },
        { action: urls.invokeForm, name: '{"a":"', value: '"}' },
        { action: urls.invokeVictim, name: '{"a":"', value: '"}' },
      ],
    },
  );

  // No function was created and no handler ran...
  for (const name of [`evil-fetch-${id}`, `evil-form-${id}`]) {
    const err = await lambda.send(new GetFunctionCommand({ FunctionName: name })).catch((e: Error) => e);
    expect.soft((err as Error).name, `${name} must not exist`).toBe("ResourceNotFoundException");
  }
  for (const marker of ["victim", `evil-fetch-${id}`, `evil-form-${id}`]) {
    expect.soft(existsSync(path.join(markers, marker)), `handler ${marker} must not have run`).toBe(false);
  }
  // ...because all six requests reached the emulator and were refused as cross-site (not lost on the way).
  await expect.poll(async () => (await crossSiteRefusals()) - before).toBe(6);
  lambda.destroy();
});

test("stage URLs keep serving a page on another site (the data plane is for browsers)", async ({ page }) => {
  const sdk = new APIGatewayClient({ region: "us-east-1", endpoint: EMULATOR_URL, credentials: creds });
  const apis = await sdk.send(new GetRestApisCommand({ limit: 500 }));
  sdk.destroy();
  const id = apis.items!.find((a) => a.name === "binarygate-demo-images")!.id!;
  const port = new URL(EMULATOR_URL).port;
  const urls = [
    `http://${id}.execute-api.localhost:${port}/prod/image`,
    `${EMULATOR_URL}/_aws/execute-api/${id}/prod/image`,
  ];
  await page.goto(`${attackerOrigin}/`);
  // The responses themselves, as Chromium received them for <img> tags of a page on another site.
  const responses = urls.map((url) => page.waitForResponse(url));
  await page.evaluate((srcs) => {
    for (const src of srcs) document.body.append(Object.assign(new Image(), { src }));
  }, urls);
  for (const response of await Promise.all(responses)) {
    expect(response.status()).toBe(200);
    expect(response.headers()["x-amzn-errortype"]).toBeUndefined();
    expect((await response.body()).length).toBeGreaterThan(0);
  }
});
