/**
 * Demo data for the local target: four REST APIs with real Lambda handlers, created through the emulator's
 * OWN control planes with the same REST-JSON calls the AWS CLI would send (docs/aws-binary-rules.md §6, §7),
 * idempotently: everything is looked up by name first, so re-running changes nothing.
 *
 *  binarygate-demo-images  Node.js: /image (PNG), /report (PDF), /sound (WAV), /files/{name}; types
 *                          image/png, application/pdf, audio/wav — right for curl with an explicit Accept,
 *                          wrong for a browser tab (text/html first) or <img> (image/jxl or image/avif first)
 *                          (docs/aws-binary-rules.md §1.5, §10).
 *  binarygate-demo-python  Python 3.11: /photo (JPEG); types image/jpeg, image/*.
 *  binarygate-demo-json    Node.js: /hello (JSON); no binary types.
 *  binarygate-demo-broken  Node.js: /logo.png (PNG, isBase64Encoded true); image/png added AFTER the
 *                          deployment, so stage prod drifts and serves base64 text (docs/aws-binary-rules.md §6.1).
 * Owners, as their tools would have left the tags (docs/real-world-failures.md §2.3): images is a SAM stack's
 * implicit API, python a CDK stack's, json a Terraform project's (user tag managed-by); broken has no owner,
 * so the fix loop's first click is the live fix (an IaC-owned API asks first).
 */
import { zipSync, strToU8 } from "fflate";
import type { AwsCall, AwsReply, EmulatorContext } from "../contracts";
import { AwsError } from "../errors";
import { apiGatewayControlPlane } from "../apigateway";
import { lambdaControlPlane } from "../lambda";
import { newRequestId } from "../ids";
import { binaryMediaTypePatchPath } from "../../binary";
import { makeJpeg, makePdf, makePng, makeWav } from "./assets";
import { doctorDemoSpecs } from "./doctor";
import { brokenHandlerSource, imagesHandlerSource, jsonHandlerSource, pythonHandlerSource } from "./handlers";

export const SEED_REGION = "us-east-1";
export const SEED_STAGE = "prod";

export interface DemoSpec {
  name: string;
  description: string;
  runtime: "nodejs20.x" | "python3.11";
  handler: string;
  /** File name → source text, zipped at the package root. */
  files: Record<string, string>;
  /** GET resources to create, e.g. "/files/{name}". */
  routes: string[];
  /** binaryMediaTypes at creation (deployed with the stage). */
  binaryMediaTypes: string[];
  /** Types added after the deployment (stage drift). */
  addedAfterDeploy?: string[];
  /** Tags its IaC owner would have left, `aws:cloudformation:*` included (written through the store). */
  tags?: Record<string, string>;
  /** False: API Gateway gets no permission to invoke the function (the doctor's permission demo). */
  permission?: boolean;
}

/** The tags CloudFormation puts on a REST API it creates. */
function cfnTags(stackName: string, logicalId: string, account: string): Record<string, string> {
  return {
    "aws:cloudformation:stack-name": stackName,
    "aws:cloudformation:logical-id": logicalId,
    "aws:cloudformation:stack-id": `arn:aws:cloudformation:${SEED_REGION}:${account}:stack/${stackName}/6c0a1f80-2b3c-11f0-9e4d-0affd2a1b6e1`,
  };
}

/** The four demo APIs (see the file comment). */
export function demoSpecs(account = "000000000000"): DemoSpec[] {
  const png = makePng().toString("base64");
  return [
    {
      name: "binarygate-demo-images",
      description: "PNG, PDF and WAV through a Lambda proxy integration",
      runtime: "nodejs20.x",
      handler: "index.handler",
      files: {
        "index.js": imagesHandlerSource({ png, pdf: makePdf().toString("base64"), wav: makeWav().toString("base64") }),
      },
      routes: ["/image", "/report", "/sound", "/files/{name}"],
      binaryMediaTypes: ["image/png", "application/pdf", "audio/wav"],
      tags: cfnTags("binarygate-images", "ServerlessRestApi", account),
    },
    {
      name: "binarygate-demo-python",
      description: "A JPEG from a Python handler",
      runtime: "python3.11",
      handler: "app.handler",
      files: { "app.py": pythonHandlerSource(makeJpeg().toString("base64")) },
      routes: ["/photo"],
      binaryMediaTypes: ["image/jpeg", "image/*"],
      tags: cfnTags("BinarygatePhotoStack", "PhotoApi4C7BF186", account),
    },
    {
      name: "binarygate-demo-json",
      description: "A plain JSON endpoint: no binary media types needed",
      runtime: "nodejs20.x",
      handler: "index.handler",
      files: { "index.js": jsonHandlerSource() },
      routes: ["/hello"],
      binaryMediaTypes: [],
      tags: { "managed-by": "terraform", project: "binarygate-demo" },
    },
    {
      name: "binarygate-demo-broken",
      description: "Misconfigured on purpose: image/png was added after the last deployment",
      runtime: "nodejs20.x",
      handler: "index.handler",
      files: { "index.js": brokenHandlerSource(png) },
      routes: ["/logo.png"],
      binaryMediaTypes: [],
      addedAfterDeploy: ["image/png"],
    },
  ];
}

/** Creates the demo APIs and functions in us-east-1 unless they exist (idempotent). */
export async function seedDemo(ctx: EmulatorContext): Promise<void> {
  for (const spec of demoSpecs(ctx.config.accountId)) await ensureDemo(ctx, spec);
}

/** Creates the doctor's broken-on-purpose demo APIs (seed/doctor.ts) unless they exist. */
export async function seedDoctorDemo(ctx: EmulatorContext): Promise<void> {
  for (const spec of doctorDemoSpecs()) await ensureDemo(ctx, spec);
}

/** Ensures one demo: function, API, resources, GET methods with proxy integrations, permission, stage. */
export async function ensureDemo(ctx: EmulatorContext, spec: DemoSpec): Promise<{ apiId: string }> {
  const account = ctx.config.accountId;
  const fnArn = await ensureFunction(ctx, spec);

  const apis = (await apigw(ctx, "GET", "/restapis?limit=500")) as { item?: { id: string; name: string }[] };
  let api = apis.item?.find((a) => a.name === spec.name) as { id: string; binaryMediaTypes?: string[] } | undefined;
  if (!api) {
    api = (await apigw(ctx, "POST", "/restapis", {
      name: spec.name,
      description: spec.description,
      endpointConfiguration: { types: ["REGIONAL"] },
      ...(spec.binaryMediaTypes.length > 0 ? { binaryMediaTypes: spec.binaryMediaTypes } : {}),
    })) as { id: string; binaryMediaTypes?: string[] };
  }
  const apiId = api.id;
  const base = `/restapis/${apiId}`;
  if (spec.tags) await ensureTags(ctx, apiId, spec.tags);

  const listed = (await apigw(ctx, "GET", `${base}/resources?limit=500`)) as {
    item?: { id: string; path: string; resourceMethods?: Record<string, unknown> }[];
  };
  const byPath = new Map((listed.item ?? []).map((r) => [r.path, r]));
  const uri = `arn:aws:apigateway:${SEED_REGION}:lambda:path/2015-03-31/functions/${fnArn}/invocations`;
  for (const route of spec.routes) {
    let parentPath = "/";
    for (const part of route.split("/").filter(Boolean)) {
      const path = parentPath === "/" ? `/${part}` : `${parentPath}/${part}`;
      if (!byPath.has(path)) {
        const parent = byPath.get(parentPath);
        if (!parent) throw new Error(`seed: parent resource ${parentPath} of ${spec.name} is missing`);
        const created = (await apigw(ctx, "POST", `${base}/resources/${parent.id}`, { pathPart: part })) as {
          id: string;
          path: string;
        };
        byPath.set(path, { id: created.id, path });
      }
      parentPath = path;
    }
    const leaf = byPath.get(route)!;
    if (!leaf.resourceMethods?.GET) {
      const m = `${base}/resources/${leaf.id}/methods/GET`;
      await apigw(ctx, "PUT", m, { authorizationType: "NONE" });
      await apigw(ctx, "PUT", `${m}/integration`, { type: "AWS_PROXY", httpMethod: "POST", uri });
    }
  }

  // Lambda permission for API Gateway, scoped to this API (docs/aws-binary-rules.md §7; docs/development.md §4
  // AddPermission capture).
  const sid = `binarygate-demo-${apiId}`;
  if (spec.permission !== false && !(await policyHasStatement(ctx, spec.name, sid))) {
    await lambda(ctx, "POST", `/2015-03-31/functions/${spec.name}/policy`, {
      StatementId: sid,
      Action: "lambda:InvokeFunction",
      Principal: "apigateway.amazonaws.com",
      SourceArn: `arn:aws:execute-api:${SEED_REGION}:${account}:${apiId}/*/*/*`,
    });
  }

  const stages = (await apigw(ctx, "GET", `${base}/stages`)) as { item?: { stageName: string }[] };
  // The drift is set up only with the stage's first deployment: once a user has fixed the demo (or changed
  // its types in any way), a restart with --seed leaves it as they left it.
  if (!stages.item?.some((s) => s.stageName === SEED_STAGE)) {
    await apigw(ctx, "POST", `${base}/deployments`, { stageName: SEED_STAGE, description: "BinaryGate demo" });
    await addAfterDeploy(ctx, base, spec);
  }
  return { apiId };
}

async function addAfterDeploy(ctx: EmulatorContext, base: string, spec: DemoSpec): Promise<void> {
  const current = ((await apigw(ctx, "GET", base)) as { binaryMediaTypes?: string[] }).binaryMediaTypes ?? [];
  const missing = (spec.addedAfterDeploy ?? []).filter((t) => !current.includes(t));
  if (missing.length > 0) {
    await apigw(ctx, "PATCH", base, {
      patchOperations: missing.map((t) => ({ op: "add", path: binaryMediaTypePatchPath(t) })),
    });
  }
}

/**
 * Puts every demo API back as first seeded, in place (ids stay, so open pages keep working): its types,
 * then a new deployment of them to prod, then the types added after that deployment (the broken demo's drift).
 */
export async function resetDemo(ctx: EmulatorContext): Promise<{ name: string; apiId: string }[]> {
  const done: { name: string; apiId: string }[] = [];
  for (const spec of demoSpecs()) {
    const { apiId } = await ensureDemo(ctx, spec);
    const base = `/restapis/${apiId}`;
    const current = ((await apigw(ctx, "GET", base)) as { binaryMediaTypes?: string[] }).binaryMediaTypes ?? [];
    const patch = (op: string) => (t: string) => ({ op, path: binaryMediaTypePatchPath(t) });
    const ops = [
      ...current.filter((t) => !spec.binaryMediaTypes.includes(t)).map(patch("remove")),
      ...spec.binaryMediaTypes.filter((t) => !current.includes(t)).map(patch("add")),
    ];
    if (ops.length > 0) await apigw(ctx, "PATCH", base, { patchOperations: ops });
    await apigw(ctx, "POST", `${base}/deployments`, { stageName: SEED_STAGE, description: "BinaryGate demo (reset)" });
    await addAfterDeploy(ctx, base, spec);
    done.push({ name: spec.name, apiId });
  }
  return done;
}

/** Adds missing owner tags directly in the store: clients may not write `aws:` keys, CloudFormation does. */
async function ensureTags(ctx: EmulatorContext, apiId: string, tags: Record<string, string>): Promise<void> {
  const api = ctx.store.read().regions[SEED_REGION]?.restApis[apiId];
  if (!api || Object.entries(tags).every(([k, v]) => api.tags[k] === v)) return;
  await ctx.store.mutate((draft) => {
    const record = draft.regions[SEED_REGION]?.restApis[apiId];
    if (record) record.tags = { ...record.tags, ...tags };
  });
}

async function ensureFunction(ctx: EmulatorContext, spec: DemoSpec): Promise<string> {
  try {
    const got = (await lambda(ctx, "GET", `/2015-03-31/functions/${spec.name}`)) as {
      Configuration: { FunctionArn: string };
    };
    return got.Configuration.FunctionArn;
  } catch (err) {
    if (!(err instanceof AwsError) || err.status !== 404) throw err;
  }
  const zip = zipSync(Object.fromEntries(Object.entries(spec.files).map(([name, text]) => [name, strToU8(text)])));
  const created = (await lambda(ctx, "POST", "/2015-03-31/functions", {
    FunctionName: spec.name,
    Runtime: spec.runtime,
    Role: `arn:aws:iam::${ctx.config.accountId}:role/binarygate-demo-lambda`,
    Handler: spec.handler,
    Description: spec.description,
    Timeout: 10,
    Code: { ZipFile: Buffer.from(zip).toString("base64") },
  })) as { FunctionArn: string };
  return created.FunctionArn;
}

async function policyHasStatement(ctx: EmulatorContext, fn: string, sid: string): Promise<boolean> {
  try {
    const got = (await lambda(ctx, "GET", `/2015-03-31/functions/${fn}/policy`)) as { Policy: string };
    const doc = JSON.parse(got.Policy) as { Statement?: { Sid?: string }[] };
    return (doc.Statement ?? []).some((s) => s.Sid === sid);
  } catch (err) {
    if (err instanceof AwsError && err.status === 404) return false;
    throw err;
  }
}

const apigw = (ctx: EmulatorContext, method: string, path: string, body?: unknown) =>
  callPlane(ctx, "apigateway", method, path, body);
const lambda = (ctx: EmulatorContext, method: string, path: string, body?: unknown) =>
  callPlane(ctx, "lambda", method, path, body);

/** One control-plane call, shaped as the server hands a verified request to the plane. */
async function callPlane(
  ctx: EmulatorContext,
  service: AwsCall["service"],
  method: string,
  path: string,
  body?: unknown,
): Promise<unknown> {
  const call: AwsCall = {
    service,
    region: SEED_REGION,
    accessKeyId: ctx.config.accessKeyId,
    method,
    url: new URL(path, "http://emulator.invalid"),
    headers: { "content-type": "application/json", accept: "application/json" },
    body: body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(body)),
    requestId: newRequestId(),
  };
  const plane = service === "apigateway" ? apiGatewayControlPlane : lambdaControlPlane;
  const reply: AwsReply = await plane(ctx, call);
  const b = reply.body;
  if (b === undefined || b === null) return {};
  if (typeof b === "string") return JSON.parse(b);
  if (b instanceof Uint8Array) return JSON.parse(Buffer.from(b).toString("utf8"));
  return b;
}
