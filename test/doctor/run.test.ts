/**
 * The doctor's run against the emulator over HTTP (real SDK underneath lib/aws): each seeded broken endpoint is
 * named by its own layer, a fix flips it, and a run's control-plane calls are counted from the emulator's metrics.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GetRestApisCommand } from "@aws-sdk/client-api-gateway";
import { addPermission } from "@/lib/aws/lambda";
import { runDoctor } from "@/lib/doctor/run";
import { DoctorRequestSchema } from "@/lib/doctor/input";
import { seedDoctorDemo } from "@/lib/emulator/seed";
import type { DoctorFinding } from "@/lib/binary";
import { startTarget } from "../aws/helpers";
import type { TestEmulator } from "../support/emulator";

let emu: TestEmulator;
let stop: () => Promise<void>;
const ids: Record<string, string> = {};

beforeAll(async () => {
  ({ emu, stop } = (await startTarget()) as unknown as { emu: TestEmulator; stop: () => Promise<void> });
  await seedDoctorDemo(emu.ctx);
  for (const a of (await emu.apigw.send(new GetRestApisCommand({ limit: 500 }))).items ?? [])
    ids[a.name ?? ""] = a.id ?? "";
}, 60_000);
afterAll(async () => {
  await stop?.();
});

async function doctor(api: string, path: string, accept = "image/png") {
  const req = DoctorRequestSchema.parse({ region: "us-east-1", apiId: ids[api], stage: "prod", path, accept });
  const r = await runDoctor(req);
  if (!r.ok) throw new Error(r.message);
  return r.data;
}

const byId = (findings: DoctorFinding[]) => Object.fromEntries(findings.map((f) => [f.id, f]));
const failedLayers = (findings: DoctorFinding[]) => [
  ...new Set(findings.filter((f) => f.status === "failed").map((f) => f.layer)),
];

async function counts(): Promise<Record<string, number>> {
  const body = (await (await fetch(`${emu.url}/_binarygate/metrics`)).json()) as {
    calls: Record<string, Record<string, number>>;
  };
  const out: Record<string, number> = {};
  for (const service of ["apigateway", "lambda"]) {
    for (const [op, n] of Object.entries(body.calls[service] ?? {})) out[`${service}:${op}`] = n;
  }
  return out;
}

describe("runDoctor on the seeded broken endpoints", () => {
  it("names the Lambda layer for a handler without isBase64Encoded", async () => {
    const r = await doctor("binarygate-demo-doctor-flag", "/logo.png");
    expect(r.invoked).toBe(true);
    expect(failedLayers(r.findings)).toEqual(["lambda"]);
    const f = byId(r.findings);
    expect(f["lambda.base64-flag"].cause).toMatch(/base64 of a PNG.*isBase64Encoded is missing/);
    expect(f["permission.invoke"].status).toBe("passed");
    expect(f["adapter.none"]?.status ?? "absent").not.toBe("failed");
  });

  it("names the adapter (and the mangled bytes) for serverless-http without binary", async () => {
    const r = await doctor("binarygate-demo-doctor-express", "/chart.png");
    expect(r.mediaType).toBe("image/png");
    expect(failedLayers(r.findings)).toEqual(["lambda", "adapter"]);
    const adapter = r.findings.find((x) => x.layer === "adapter" && x.status === "failed");
    expect(adapter?.cause).toMatch(/serverless-http 3\.2\.0/);
    expect(adapter?.fix).toContain('serverless(app, { binary: ["image/png"] })');
    expect(byId(r.findings)["lambda.mangled-binary"].status).toBe("failed");
  });

  it("names the permission for a function API Gateway may not invoke, and the fix flips it", async () => {
    const before = await doctor("binarygate-demo-doctor-permission", "/badge.png");
    expect(failedLayers(before.findings)).toEqual(["permission"]);
    expect(before.permissionFix?.SourceArn).toBe(
      `arn:aws:execute-api:us-east-1:000000000000:${ids["binarygate-demo-doctor-permission"]}/*/GET/*`,
    );
    const stageUrl = `${emu.url}/_aws/execute-api/${ids["binarygate-demo-doctor-permission"]}/prod/badge.png`;
    expect((await fetch(stageUrl, { headers: { accept: "image/png" } })).status).toBe(500);
    if (!before.permissionFix) throw new Error("no fix");
    const added = await addPermission("us-east-1", before.permissionFix);
    expect(added.ok).toBe(true);
    const after = await doctor("binarygate-demo-doctor-permission", "/badge.png");
    expect(failedLayers(after.findings)).toEqual([]);
    const res = await fetch(stageUrl, { headers: { accept: "image/png" } });
    expect(res.status).toBe(200);
    expect(
      Buffer.from(await res.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe("PNG");
  });

  it("makes a fixed, small number of calls per run, one at a time", async () => {
    const before = await counts();
    await doctor("binarygate-demo-doctor-express", "/chart.png");
    const after = await counts();
    const made = Object.fromEntries(
      Object.entries(after)
        .map(([k, n]) => [k, n - (before[k] ?? 0)] as const)
        .filter(([, n]) => n > 0),
    );
    expect(made).toEqual({
      "apigateway:GetRestApi": 1,
      "apigateway:GetExport": 1,
      "apigateway:GetResources": 1,
      "lambda:GetPolicy": 1,
      "lambda:Invoke": 1,
      "lambda:GetFunction": 1,
    });
  });
});
