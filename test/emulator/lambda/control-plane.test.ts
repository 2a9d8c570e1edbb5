// The Lambda control plane over HTTP with the real @aws-sdk/client-lambda against a real emulator
// (docs/aws-binary-rules.md §7, §8; docs/development.md §4). Every assertion is on what the SDK parsed from the wire or
// on raw bytes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AddPermissionCommand,
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  GetPolicyCommand,
  ListFunctionsCommand,
  ListTagsCommand,
  TagResourceCommand,
  UntagResourceCommand,
  RemovePermissionCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  type LambdaClient,
} from "@aws-sdk/client-lambda";
import { startEmulator } from "@/lib/emulator";
import { regionOf } from "@/lib/emulator/model";
import { ACCOUNT, ROLE, errorOf, freshEmulator, lambda, nodeZip, sha256b64, signedFetch, type Emu } from "./helpers";

let emu: Emu;
let client: LambdaClient;
const arnOf = (name: string, region = "us-east-1") => `arn:aws:lambda:${region}:${ACCOUNT}:function:${name}`;

const create = (name: string, extra: Record<string, unknown> = {}) =>
  client.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: "nodejs20.x",
      Role: ROLE,
      Handler: "index.handler",
      Code: { ZipFile: nodeZip() },
      ...extra,
    }),
  );

beforeAll(async () => {
  emu = await freshEmulator();
  client = lambda(emu.url);
});
afterAll(async () => {
  client?.destroy();
  await emu?.dispose();
});

describe("CreateFunction", () => {
  it("returns 201 and a FunctionConfiguration with AWS's defaults", async () => {
    const zip = nodeZip();
    const out = await client.send(
      new CreateFunctionCommand({
        FunctionName: "hello",
        Runtime: "nodejs20.x",
        Role: ROLE,
        Handler: "index.handler",
        Code: { ZipFile: zip },
      }),
    );
    expect(out.$metadata.httpStatusCode).toBe(201);
    expect(out.FunctionName).toBe("hello");
    expect(out.FunctionArn).toBe(arnOf("hello"));
    expect(out.Runtime).toBe("nodejs20.x");
    expect(out.Role).toBe(ROLE);
    expect(out.Handler).toBe("index.handler");
    expect(out.CodeSize).toBe(zip.length);
    expect(out.CodeSha256).toBe(sha256b64(zip));
    expect(out.Timeout).toBe(3);
    expect(out.MemorySize).toBe(128);
    expect(out.Version).toBe("$LATEST");
    expect(out.State).toBe("Active");
    expect(out.LastUpdateStatus).toBe("Successful");
    expect(out.PackageType).toBe("Zip");
    expect(out.Architectures).toEqual(["x86_64"]);
    expect(out.TracingConfig).toEqual({ Mode: "PassThrough" });
    expect(out.EphemeralStorage).toEqual({ Size: 512 });
    expect(out.LastModified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    expect(out.RevisionId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(out.Environment).toBeUndefined();
    // The zip is stored where the runtime will look for it.
    const stored = emu.ctx.store.read().regions["us-east-1"]!.functions.hello!;
    expect(stored.codeSha256).toBe(sha256b64(zip));
  });

  it("stores settings and tags", async () => {
    const out = await create("configured", {
      Timeout: 30,
      MemorySize: 512,
      Description: "d",
      Environment: { Variables: { GREETING: "hi" } },
      Architectures: ["arm64"],
      Tags: { team: "img" },
      Runtime: "python3.12",
      Handler: "app.handler",
    });
    expect([out.Timeout, out.MemorySize, out.Description, out.Runtime]).toEqual([30, 512, "d", "python3.12"]);
    expect(out.Environment).toEqual({ Variables: { GREETING: "hi" } });
    expect(out.Architectures).toEqual(["arm64"]);
    const got = await client.send(new GetFunctionCommand({ FunctionName: "configured" }));
    expect(got.Tags).toEqual({ team: "img" });
  });

  it("refuses a duplicate name with 409 ResourceConflictException", async () => {
    await create("dup");
    const err = await errorOf(() => create("dup"));
    expect(err.$metadata.httpStatusCode).toBe(409);
    expect(err.name).toBe("ResourceConflictException");
    expect(err.message).toBe("Function already exist: dup");
    expect(err.Type).toBe("User");
  });

  it("gives two concurrent creates of one name exactly one 201 and one 409", async () => {
    const results = await Promise.allSettled([create("race"), create("race")]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect((rejected.reason as Error).name).toBe("ResourceConflictException");
  });

  it("refuses bytes that are not a zip", async () => {
    const err = await errorOf(() =>
      create("notzip", { Code: { ZipFile: new TextEncoder().encode("this is not a zip file at all!!") } }),
    );
    expect(err.$metadata.httpStatusCode).toBe(400);
    expect(err.name).toBe("InvalidParameterValueException");
    expect(err.message).toBe("Could not unzip uploaded file. Please check your file, then try to upload again.");
    const missing = await errorOf(() => client.send(new GetFunctionCommand({ FunctionName: "notzip" })));
    expect(missing.name).toBe("ResourceNotFoundException");
  });

  it("refuses an unknown runtime in AWS's words", async () => {
    const err = await errorOf(() => create("badrt", { Runtime: "nodejs8.10" }));
    expect(err.$metadata.httpStatusCode).toBe(400);
    expect(err.name).toBe("InvalidParameterValueException");
    expect(err.message).toMatch(
      /^Value nodejs8\.10 at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: \[nodejs18\.x, .*python3\.13\] or be a valid ARN$/,
    );
  });

  it("takes ZipFile only: S3 code and images are refused", async () => {
    const s3 = await errorOf(() => create("s3", { Code: { S3Bucket: "b", S3Key: "k.zip" } }));
    expect(s3.$metadata.httpStatusCode).toBe(400);
    expect(s3.name).toBe("InvalidParameterValueException");
    expect(s3.message).toContain("Code.ZipFile only");
    const image = await errorOf(() => create("img", { Code: { ImageUri: "1.dkr.ecr/x:1" } }));
    expect(image.name).toBe("InvalidParameterValueException");
  });

  it.each([
    [
      "a bad role",
      { Role: "not-an-arn" },
      "ValidationException",
      /^1 validation error detected: Value 'not-an-arn' at 'role' failed to satisfy constraint/,
    ],
    [
      "a bad name",
      { FunctionName: "has space" },
      "ValidationException",
      /at 'functionName' failed to satisfy constraint/,
    ],
    [
      "a 65-character name",
      { FunctionName: "x".repeat(65) },
      "ValidationException",
      /Member must have length less than or equal to 64/,
    ],
    ["Timeout 0", { Timeout: 0 }, "ValidationException", /Value '0' at 'timeout' .*greater than or equal to 1$/],
    ["Timeout 901", { Timeout: 901 }, "ValidationException", /less than or equal to 900$/],
    [
      "MemorySize 64",
      { MemorySize: 64 },
      "ValidationException",
      /Value '64' at 'memorySize' .*greater than or equal to 128$/,
    ],
    [
      "a missing handler",
      { Handler: undefined },
      "InvalidParameterValueException",
      /^Runtime and Handler are mandatory parameters/,
    ],
    [
      "a reserved env key",
      { Environment: { Variables: { AWS_REGION: "x" } } },
      "InvalidParameterValueException",
      /Reserved keys used in this request: AWS_REGION$/,
    ],
    [
      "an env map over 4 KB",
      { Environment: { Variables: { BIG: "x".repeat(5000) } } },
      "InvalidParameterValueException",
      /exceeded the 4KB limit/,
    ],
    [
      "a one-letter env key",
      { Environment: { Variables: { A: "1" } } },
      "ValidationException",
      /Map keys must satisfy constraint/,
    ],
    [
      "a missing Role",
      { Role: undefined },
      "ValidationException",
      /^1 validation error detected: Value null at 'role' failed to satisfy constraint: Member must not be null$/,
    ],
    [
      "an unsupported VpcConfig",
      { VpcConfig: { SubnetIds: ["subnet-1"] } },
      "InvalidParameterValueException",
      /does not support VpcConfig/,
    ],
  ])("refuses %s with 400", async (_label, extra, type, message) => {
    const err = await errorOf(() => create("invalid1", extra));
    expect(err.$metadata.httpStatusCode).toBe(400);
    expect(err.name).toBe(type);
    expect(err.message).toMatch(message);
  });

  it("answers malformed JSON and unknown members with 400 and keeps serving", async () => {
    const bad = await signedFetch(emu.url, {
      method: "POST",
      path: "/2015-03-31/functions",
      body: '{"FunctionName": "x",',
      headers: { "content-type": "application/json" },
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("x-amzn-errortype")).toBe("InvalidRequestContentException");
    expect(String(bad.json().message)).toMatch(/^Could not parse request body into json: /);

    const unknown = await signedFetch(emu.url, {
      method: "POST",
      path: "/2015-03-31/functions",
      body: JSON.stringify({ FunctionName: "x", Role: ROLE, Code: { ZipFile: "" }, Bogus: 1 }),
      headers: { "content-type": "application/json" },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get("x-amzn-errortype")).toBe("SerializationException");
    expect(String(unknown.json().message)).toContain('Unrecognized field "Bogus"');

    const wrongType = await signedFetch(emu.url, {
      method: "POST",
      path: "/2015-03-31/functions",
      body: JSON.stringify({ FunctionName: "x", Role: ROLE, Code: {}, Timeout: "3" }),
    });
    expect(wrongType.status).toBe(400);
    expect(wrongType.headers.get("x-amzn-errortype")).toBe("SerializationException");

    // Still serving.
    const ok = await client.send(new ListFunctionsCommand({}));
    expect(ok.$metadata.httpStatusCode).toBe(200);
  });
});

describe("GetFunction and name forms", () => {
  beforeAll(async () => {
    await create("named");
  });

  it.each([
    ["a name", "named"],
    ["a partial ARN", `${ACCOUNT}:function:named`],
    ["a full ARN (sent as %3A)", arnOf("named")],
    ["a name with :$LATEST", "named:$LATEST"],
    ["a full ARN with :$LATEST", `${arnOf("named")}:$LATEST`],
  ])("finds the function by %s", async (_label, name) => {
    const out = await client.send(new GetFunctionCommand({ FunctionName: name }));
    expect(out.Configuration?.FunctionArn).toBe(arnOf("named"));
    expect(out.Code?.RepositoryType).toBe("S3");
  });

  it("accepts an explicitly percent-encoded ARN path", async () => {
    const res = await signedFetch(emu.url, {
      method: "GET",
      path: `/2015-03-31/functions/${encodeURIComponent(arnOf("named"))}`,
    });
    expect(res.status).toBe(200);
    expect((res.json().Configuration as { FunctionName: string }).FunctionName).toBe("named");
  });

  it("P10: an unknown function is 404 ResourceNotFoundException, Type User, AWS's exact Message", async () => {
    const err = await errorOf(() => client.send(new GetFunctionCommand({ FunctionName: "nope" })));
    expect(err.$metadata.httpStatusCode).toBe(404);
    expect(err.name).toBe("ResourceNotFoundException");
    expect(err.Type).toBe("User");
    expect(err.message).toBe(`Function not found: ${arnOf("nope")}`);
    // On the wire: x-amzn-ErrorType and a capital-M Message (docs/aws-binary-rules.md §7, P10).
    const raw = await signedFetch(emu.url, { method: "GET", path: "/2015-03-31/functions/nope" });
    expect(raw.status).toBe(404);
    expect(raw.headers.get("x-amzn-errortype")).toBe("ResourceNotFoundException");
    expect(raw.json()).toEqual({ Type: "User", Message: `Function not found: ${arnOf("nope")}` });
  });

  it("404s a qualifier other than $LATEST, naming the qualified ARN", async () => {
    const err = await errorOf(() => client.send(new GetFunctionCommand({ FunctionName: "named", Qualifier: "prod" })));
    expect(err.$metadata.httpStatusCode).toBe(404);
    expect(err.message).toBe(`Function not found: ${arnOf("named")}:prod`);
    const inName = await errorOf(() => client.send(new GetFunctionCommand({ FunctionName: `${arnOf("named")}:live` })));
    expect(inName.message).toBe(`Function not found: ${arnOf("named")}:live`);
  });

  it("keeps regions apart", async () => {
    const west = lambda(emu.url, "eu-west-1");
    const err = await errorOf(() => west.send(new GetFunctionCommand({ FunctionName: "named" })));
    expect(err.message).toBe(`Function not found: ${arnOf("named", "eu-west-1")}`);
    west.destroy();
  });

  it("GetFunctionConfiguration returns the configuration alone", async () => {
    const out = await client.send(new GetFunctionConfigurationCommand({ FunctionName: "named" }));
    expect(out.FunctionName).toBe("named");
    expect(out.Handler).toBe("index.handler");
  });
});

describe("ListFunctions", () => {
  it("pages at most 50 functions per page whatever MaxItems says, with NextMarker", async () => {
    const local = await freshEmulator();
    const c = lambda(local.url);
    try {
      const template = await c.send(
        new CreateFunctionCommand({
          FunctionName: "f000",
          Runtime: "nodejs20.x",
          Role: ROLE,
          Handler: "index.handler",
          Code: { ZipFile: nodeZip() },
        }),
      );
      expect(template.FunctionName).toBe("f000");
      // 54 more, written in one mutation: the listing is what is under test, not 54 creates.
      await local.ctx.store.mutate((draft) => {
        const fns = regionOf(draft, "us-east-1").functions;
        for (let i = 1; i < 55; i++) {
          const name = `f${String(i).padStart(3, "0")}`;
          fns[name] = { ...fns.f000!, name, arn: arnOf(name) };
        }
      });
      const page1 = await c.send(new ListFunctionsCommand({ MaxItems: 1000 }));
      expect(page1.Functions).toHaveLength(50);
      expect(page1.Functions![0]!.FunctionName).toBe("f000");
      expect(page1.NextMarker).toBeTruthy();
      const page2 = await c.send(new ListFunctionsCommand({ Marker: page1.NextMarker }));
      expect(page2.Functions!.map((f) => f.FunctionName)).toEqual(["f050", "f051", "f052", "f053", "f054"]);
      expect(page2.NextMarker).toBeUndefined();

      const small = await c.send(new ListFunctionsCommand({ MaxItems: 2 }));
      expect(small.Functions!.map((f) => f.FunctionName)).toEqual(["f000", "f001"]);
      const next = await c.send(new ListFunctionsCommand({ MaxItems: 2, Marker: small.NextMarker }));
      expect(next.Functions!.map((f) => f.FunctionName)).toEqual(["f002", "f003"]);

      const badMarker = await errorOf(() => c.send(new ListFunctionsCommand({ Marker: "!!not-a-marker" })));
      expect(badMarker.$metadata.httpStatusCode).toBe(400);
      const badMax = await errorOf(() => c.send(new ListFunctionsCommand({ MaxItems: 0 })));
      expect(badMax.name).toBe("ValidationException");
    } finally {
      c.destroy();
      await local.dispose();
    }
  });
});

describe("UpdateFunctionCode / UpdateFunctionConfiguration / DeleteFunction", () => {
  let evicted: string[] = [];
  beforeAll(async () => {
    await create("mutable");
    const original = emu.ctx.runtime.evict.bind(emu.ctx.runtime);
    emu.ctx.runtime.evict = (region, name) => {
      evicted.push(`${region}/${name}`);
      original(region, name);
    };
  });

  it("UpdateFunctionConfiguration changes settings, the revision, and evicts warm workers", async () => {
    evicted = [];
    const before = await client.send(new GetFunctionConfigurationCommand({ FunctionName: "mutable" }));
    const out = await client.send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: "mutable",
        Timeout: 10,
        MemorySize: 256,
        Description: "updated",
        Environment: { Variables: { AA: "1", B_2: "two" } },
        Handler: "main.handler",
        Runtime: "nodejs22.x",
        Role: "arn:aws:iam::000000000000:role/other",
      }),
    );
    expect(out.$metadata.httpStatusCode).toBe(200);
    expect([out.Timeout, out.MemorySize, out.Description, out.Handler, out.Runtime, out.Role]).toEqual([
      10,
      256,
      "updated",
      "main.handler",
      "nodejs22.x",
      "arn:aws:iam::000000000000:role/other",
    ]);
    expect(out.Environment?.Variables).toEqual({ AA: "1", B_2: "two" });
    expect(out.RevisionId).not.toBe(before.RevisionId);
    expect(evicted).toEqual(["us-east-1/mutable"]);
    const got = await client.send(new GetFunctionConfigurationCommand({ FunctionName: "mutable" }));
    expect(got.Timeout).toBe(10);

    const stale = await errorOf(() =>
      client.send(
        new UpdateFunctionConfigurationCommand({ FunctionName: "mutable", Timeout: 5, RevisionId: before.RevisionId }),
      ),
    );
    expect(stale.$metadata.httpStatusCode).toBe(412);
    expect(stale.name).toBe("PreconditionFailedException");
    const badRange = await errorOf(() =>
      client.send(new UpdateFunctionConfigurationCommand({ FunctionName: "mutable", MemorySize: 20000 })),
    );
    expect(badRange.name).toBe("ValidationException");
    expect((await client.send(new GetFunctionConfigurationCommand({ FunctionName: "mutable" }))).MemorySize).toBe(256);
  });

  it("UpdateFunctionCode stores the new zip and evicts; a non-zip is refused", async () => {
    evicted = [];
    const zip = nodeZip("exports.handler = async () => 'v2';");
    const out = await client.send(new UpdateFunctionCodeCommand({ FunctionName: "mutable", ZipFile: zip }));
    expect(out.$metadata.httpStatusCode).toBe(200);
    expect(out.CodeSha256).toBe(sha256b64(zip));
    expect(out.CodeSize).toBe(zip.length);
    expect(evicted).toEqual(["us-east-1/mutable"]);
    const path = emu.ctx.store.codePath("us-east-1", "mutable", sha256b64(zip));
    const { readFile } = await import("node:fs/promises");
    expect(Buffer.compare(await readFile(path), Buffer.from(zip))).toBe(0);

    const bad = await errorOf(() =>
      client.send(new UpdateFunctionCodeCommand({ FunctionName: "mutable", ZipFile: new Uint8Array([1, 2, 3, 4]) })),
    );
    expect(bad.$metadata.httpStatusCode).toBe(400);
    expect(bad.message).toBe("Could not unzip uploaded file. Please check your file, then try to upload again.");
    const s3 = await errorOf(() =>
      client.send(new UpdateFunctionCodeCommand({ FunctionName: "mutable", S3Bucket: "b", S3Key: "k" })),
    );
    expect(s3.name).toBe("InvalidParameterValueException");
    const dryZip = nodeZip("exports.handler = 1;");
    const dry = await client.send(
      new UpdateFunctionCodeCommand({ FunctionName: "mutable", ZipFile: dryZip, DryRun: true }),
    );
    expect(dry.CodeSha256).toBe(sha256b64(dryZip));
    expect((await client.send(new GetFunctionConfigurationCommand({ FunctionName: "mutable" }))).CodeSha256).toBe(
      sha256b64(zip),
    );
    const unknown = await errorOf(() =>
      client.send(new UpdateFunctionCodeCommand({ FunctionName: "ghost", ZipFile: zip })),
    );
    expect(unknown.$metadata.httpStatusCode).toBe(404);
  });

  it("DeleteFunction answers 204, evicts, and the function is gone", async () => {
    await create("doomed");
    evicted = [];
    const out = await client.send(new DeleteFunctionCommand({ FunctionName: arnOf("doomed") }));
    expect(out.$metadata.httpStatusCode).toBe(204);
    expect(evicted).toEqual(["us-east-1/doomed"]);
    const err = await errorOf(() => client.send(new GetFunctionCommand({ FunctionName: "doomed" })));
    expect(err.$metadata.httpStatusCode).toBe(404);
    const again = await errorOf(() => client.send(new DeleteFunctionCommand({ FunctionName: "doomed" })));
    expect(again.message).toBe(`Function not found: ${arnOf("doomed")}`);
  });
});

describe("AddPermission / GetPolicy / RemovePermission", () => {
  const sourceArn = `arn:aws:execute-api:us-east-1:${ACCOUNT}:abc123defg/*/*/*`;
  beforeAll(async () => {
    await create("guarded");
  });

  it("GetPolicy without a policy is AWS's 404", async () => {
    const err = await errorOf(() => client.send(new GetPolicyCommand({ FunctionName: "guarded" })));
    expect(err.$metadata.httpStatusCode).toBe(404);
    expect(err.name).toBe("ResourceNotFoundException");
    expect(err.message).toBe("The resource you requested does not exist.");
  });

  it("AddPermission returns 201 and the statement as Lambda writes it", async () => {
    const out = await client.send(
      new AddPermissionCommand({
        FunctionName: "guarded",
        StatementId: "apigw",
        Action: "lambda:InvokeFunction",
        Principal: "apigateway.amazonaws.com",
        SourceArn: sourceArn,
      }),
    );
    expect(out.$metadata.httpStatusCode).toBe(201);
    expect(JSON.parse(out.Statement!)).toEqual({
      Sid: "apigw",
      Effect: "Allow",
      Principal: { Service: "apigateway.amazonaws.com" },
      Action: "lambda:InvokeFunction",
      Resource: arnOf("guarded"),
      Condition: { ArnLike: { "AWS:SourceArn": sourceArn } },
    });
  });

  it("P11: the same StatementId twice is 409 with AWS's exact message", async () => {
    const err = await errorOf(() =>
      client.send(
        new AddPermissionCommand({
          FunctionName: "guarded",
          StatementId: "apigw",
          Action: "lambda:InvokeFunction",
          Principal: "apigateway.amazonaws.com",
        }),
      ),
    );
    expect(err.$metadata.httpStatusCode).toBe(409);
    expect(err.name).toBe("ResourceConflictException");
    expect(err.message).toBe(
      "The statement id (apigw) provided already exists. Please provide a new statement id, or remove the existing statement.",
    );
  });

  it("GetPolicy returns the document with every statement; SourceAccount becomes StringEquals", async () => {
    await client.send(
      new AddPermissionCommand({
        FunctionName: arnOf("guarded"),
        StatementId: "acct",
        Action: "lambda:InvokeFunction",
        Principal: "apigateway.amazonaws.com",
        SourceAccount: ACCOUNT,
      }),
    );
    const out = await client.send(new GetPolicyCommand({ FunctionName: "guarded" }));
    const policy = JSON.parse(out.Policy!);
    expect(policy.Version).toBe("2012-10-17");
    expect(policy.Id).toBe("default");
    expect(policy.Statement.map((s: { Sid: string }) => s.Sid)).toEqual(["apigw", "acct"]);
    expect(policy.Statement[1].Condition).toEqual({ StringEquals: { "AWS:SourceAccount": ACCOUNT } });
    const fn = await client.send(new GetFunctionConfigurationCommand({ FunctionName: "guarded" }));
    expect(out.RevisionId).toBe(fn.RevisionId);
  });

  it("RemovePermission answers 204; an unknown sid is 404; the last removal deletes the policy", async () => {
    const missing = await errorOf(() =>
      client.send(new RemovePermissionCommand({ FunctionName: "guarded", StatementId: "zzz" })),
    );
    expect(missing.$metadata.httpStatusCode).toBe(404);
    expect(missing.name).toBe("ResourceNotFoundException");
    expect(missing.message).toBe("Statement zzz is not found in resource policy.");
    const r1 = await client.send(new RemovePermissionCommand({ FunctionName: "guarded", StatementId: "apigw" }));
    expect(r1.$metadata.httpStatusCode).toBe(204);
    const left = JSON.parse((await client.send(new GetPolicyCommand({ FunctionName: "guarded" }))).Policy!);
    expect(left.Statement.map((s: { Sid: string }) => s.Sid)).toEqual(["acct"]);
    await client.send(new RemovePermissionCommand({ FunctionName: "guarded", StatementId: "acct" }));
    const gone = await errorOf(() => client.send(new GetPolicyCommand({ FunctionName: "guarded" })));
    expect(gone.message).toBe("The resource you requested does not exist.");
  });

  it("two concurrent AddPermission calls with one StatementId give one 201 and one 409", async () => {
    const add = () =>
      client.send(
        new AddPermissionCommand({
          FunctionName: "guarded",
          StatementId: "racy",
          Action: "lambda:InvokeFunction",
          Principal: "apigateway.amazonaws.com",
        }),
      );
    const results = await Promise.allSettled([add(), add()]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const doc = JSON.parse((await client.send(new GetPolicyCommand({ FunctionName: "guarded" }))).Policy!);
    expect(doc.Statement.filter((x: { Sid: string }) => x.Sid === "racy")).toHaveLength(1);
    await client.send(new RemovePermissionCommand({ FunctionName: "guarded", StatementId: "racy" }));
  });

  it("validates the statement's members", async () => {
    const badSid = await errorOf(() =>
      client.send(
        new AddPermissionCommand({
          FunctionName: "guarded",
          StatementId: "has space",
          Action: "lambda:InvokeFunction",
          Principal: "apigateway.amazonaws.com",
        }),
      ),
    );
    expect(badSid.name).toBe("ValidationException");
    const badAction = await errorOf(() =>
      client.send(
        new AddPermissionCommand({
          FunctionName: "guarded",
          StatementId: "s",
          Action: "s3:GetObject",
          Principal: "apigateway.amazonaws.com",
        }),
      ),
    );
    expect(badAction.name).toBe("ValidationException");
    const unknownFn = await errorOf(() =>
      client.send(
        new AddPermissionCommand({
          FunctionName: "ghost",
          StatementId: "s",
          Action: "lambda:InvokeFunction",
          Principal: "apigateway.amazonaws.com",
        }),
      ),
    );
    expect(unknownFn.message).toBe(`Function not found: ${arnOf("ghost")}`);
  });
});

describe("tags", () => {
  it("TagResource / ListTags / UntagResource on the function ARN, visible in GetFunction", async () => {
    await create("tagged", { Tags: { a: "1" } });
    const t = await client.send(new TagResourceCommand({ Resource: arnOf("tagged"), Tags: { b: "2", a: "one" } }));
    expect(t.$metadata.httpStatusCode).toBe(204);
    expect((await client.send(new ListTagsCommand({ Resource: arnOf("tagged") }))).Tags).toEqual({ a: "one", b: "2" });
    await client.send(new UntagResourceCommand({ Resource: arnOf("tagged"), TagKeys: ["a", "zzz"] }));
    expect((await client.send(new GetFunctionCommand({ FunctionName: "tagged" }))).Tags).toEqual({ b: "2" });
    const missing = await errorOf(() => client.send(new ListTagsCommand({ Resource: arnOf("ghost") })));
    expect(missing.$metadata.httpStatusCode).toBe(404);
    const notArn = await errorOf(() => client.send(new ListTagsCommand({ Resource: "tagged" })));
    expect(notArn.name).toBe("InvalidParameterValueException");
  });
});

describe("persistence", () => {
  it("functions, code and policies survive a restart on the same state directory", async () => {
    const local = await freshEmulator();
    let second: Awaited<ReturnType<typeof startEmulator>> | undefined;
    try {
      const c = lambda(local.url);
      const zip = nodeZip("exports.handler = async () => 'persisted';");
      await c.send(
        new CreateFunctionCommand({
          FunctionName: "kept",
          Runtime: "python3.12",
          Role: ROLE,
          Handler: "app.h",
          Code: { ZipFile: zip },
        }),
      );
      await c.send(
        new AddPermissionCommand({
          FunctionName: "kept",
          StatementId: "s1",
          Action: "lambda:InvokeFunction",
          Principal: "apigateway.amazonaws.com",
        }),
      );
      c.destroy();
      await local.close();

      second = await startEmulator({ port: 0, stateDir: local.stateDir });
      const c2 = lambda(second.url);
      const got = await c2.send(new GetFunctionCommand({ FunctionName: "kept" }));
      expect(got.Configuration?.CodeSha256).toBe(sha256b64(zip));
      expect(got.Configuration?.Runtime).toBe("python3.12");
      const policy = JSON.parse((await c2.send(new GetPolicyCommand({ FunctionName: "kept" }))).Policy!);
      expect(policy.Statement[0].Sid).toBe("s1");
      const { readFile } = await import("node:fs/promises");
      const stored = await readFile(second.ctx.store.codePath("us-east-1", "kept", sha256b64(zip)));
      expect(Buffer.compare(stored, Buffer.from(zip))).toBe(0);
      c2.destroy();
    } finally {
      await second?.close();
      await local.dispose();
    }
  });
});

describe("routing", () => {
  it("answers an unknown route with 404 UnknownOperationException and counts operations", async () => {
    const res = await signedFetch(emu.url, { method: "GET", path: "/2015-03-31/functions/named/nothing-here" });
    expect(res.status).toBe(404);
    expect(res.headers.get("x-amzn-errortype")).toBe("UnknownOperationException");
    const m = await (await fetch(`${emu.url}/_binarygate/metrics`)).json();
    expect(m.calls.lambda.CreateFunction).toBeGreaterThan(5);
    expect(m.calls.lambda.GetFunction).toBeGreaterThan(5);
  });

  it("applies injected faults to Lambda operations", async () => {
    const add = await fetch(`${emu.url}/_binarygate/faults`, {
      method: "POST",
      body: JSON.stringify({ operation: "ListFunctions", times: 1, kind: "throttle", service: "lambda" }),
    });
    expect(add.status).toBe(201);
    const err = await errorOf(() => client.send(new ListFunctionsCommand({})));
    expect(err.$metadata.httpStatusCode).toBe(429);
    expect(err.name).toBe("TooManyRequestsException");
    const ok = await client.send(new ListFunctionsCommand({}));
    expect(ok.$metadata.httpStatusCode).toBe(200);
  });
});
