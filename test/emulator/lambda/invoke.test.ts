// Invoke's HTTP contract (docs/aws-binary-rules.md §7, §8) with the real SDK, against an emulator whose runtime is
// replaced by a scripted one: this file checks what the control plane does with each runtime outcome (headers, status,
// raw payload bytes, limits), independent of how handlers run. Real handlers: invoke-runtime.test.ts.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CreateFunctionCommand, InvokeCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import type { InvokeOutcome, InvokeRequest, Runtime } from "@/lib/emulator/contracts";
import { AwsError } from "@/lib/emulator/errors";
import { ACCOUNT, ROLE, errorOf, freshEmulator, lambda, nodeZip, signedFetch, type Emu } from "./helpers";

let emu: Emu;
let client: LambdaClient;
const calls: InvokeRequest[] = [];
let next: (req: InvokeRequest) => Promise<InvokeOutcome>;

const scripted: Runtime = {
  invoke: async (req) => {
    calls.push(req);
    return next(req);
  },
  invokeProxy: async () => {
    throw new Error("not used by Invoke");
  },
  evict: () => {},
  close: async () => {},
};

const ok = (payload: string | Buffer, logTail = ""): InvokeOutcome => ({
  kind: "ok",
  payload: Buffer.from(payload),
  logTail,
  durationMs: 1,
});

beforeAll(async () => {
  emu = await freshEmulator();
  const real = emu.ctx.runtime;
  emu.ctx.runtime = scripted;
  await real.close();
  client = lambda(emu.url);
  await client.send(
    new CreateFunctionCommand({
      FunctionName: "fn",
      Runtime: "nodejs20.x",
      Role: ROLE,
      Handler: "index.handler",
      Code: { ZipFile: nodeZip() },
    }),
  );
});
afterAll(async () => {
  client?.destroy();
  await emu?.dispose();
});
beforeEach(() => {
  calls.length = 0;
  next = async (req) => ok(req.payload);
});

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array | undefined) => new TextDecoder().decode(b);

describe("Invoke (RequestResponse)", () => {
  it("hands the payload bytes and the stored function to the runtime and returns its payload raw", async () => {
    next = async () => ok('{"statusCode":200,"body":"aGk=","isBase64Encoded":true}');
    const out = await client.send(
      new InvokeCommand({ FunctionName: "fn", Payload: enc('{"path":"/x","httpMethod":"GET"}') }),
    );
    expect(out.StatusCode).toBe(200);
    expect(out.ExecutedVersion).toBe("$LATEST");
    expect(out.FunctionError).toBeUndefined();
    expect(out.LogResult).toBeUndefined();
    expect(dec(out.Payload)).toBe('{"statusCode":200,"body":"aGk=","isBase64Encoded":true}');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.payload.toString()).toBe('{"path":"/x","httpMethod":"GET"}');
    expect(calls[0]!.fn.name).toBe("fn");
    expect(calls[0]!.region).toBe("us-east-1");
    expect(calls[0]!.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("sends {} for an empty payload", async () => {
    const out = await client.send(
      new InvokeCommand({ FunctionName: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:fn` }),
    );
    expect(out.StatusCode).toBe(200);
    expect(calls[0]!.payload.toString()).toBe("{}");
  });

  it("accepts a payload with no Content-Type at all (as the AWS CLI sends it)", async () => {
    const res = await signedFetch(emu.url, {
      method: "POST",
      path: "/2015-03-31/functions/fn/invocations",
      body: '{"a":1}',
    });
    expect(res.status).toBe(200);
    expect(res.text).toBe('{"a":1}');
    expect(res.headers.get("x-amz-executed-version")).toBe("$LATEST");
  });

  it("returns the last 4 KB of the log, base64, for LogType Tail", async () => {
    const log = `START\n${"a".repeat(5000)}\nEND tail-marker\n`;
    next = async () => ok("null", log);
    const out = await client.send(new InvokeCommand({ FunctionName: "fn", LogType: "Tail" }));
    const tail = Buffer.from(out.LogResult!, "base64");
    expect(tail.length).toBe(4096);
    expect(tail.toString()).toBe(log.slice(log.length - 4096));
    expect(dec(out.Payload)).toBe("null");
  });

  it("reports a function error as 200 with X-Amz-Function-Error and AWS's error payload", async () => {
    const payload = '{"errorType":"Error","errorMessage":"boom","trace":["Error: boom"]}';
    next = async () => ({
      kind: "function-error",
      payload: Buffer.from(payload),
      functionError: "Unhandled",
      errorType: "Error",
      logTail: "x",
      durationMs: 2,
    });
    const out = await client.send(new InvokeCommand({ FunctionName: "fn", LogType: "Tail" }));
    expect(out.StatusCode).toBe(200);
    expect(out.FunctionError).toBe("Unhandled");
    expect(dec(out.Payload)).toBe(payload);
    expect(Buffer.from(out.LogResult!, "base64").toString()).toBe("x");
  });

  it("turns a result over 6,291,556 bytes into Lambda's ResponseSizeTooLarge function error", async () => {
    next = async () => ok(`"${"x".repeat(6_291_556)}"`);
    const out = await client.send(new InvokeCommand({ FunctionName: "fn" }));
    expect(out.StatusCode).toBe(200);
    expect(out.FunctionError).toBe("Unhandled");
    expect(JSON.parse(dec(out.Payload))).toEqual({
      errorMessage: "Response payload size exceeded maximum allowed payload size (6291556 bytes).",
      errorType: "Function.ResponseSizeTooLarge",
    });
  });

  it("answers a runtime failure with AWS's 500 ServiceException, not a made-up result", async () => {
    next = async () => {
      throw new Error("worker pool is gone");
    };
    const err = await errorOf(() => client.send(new InvokeCommand({ FunctionName: "fn" })));
    expect(err.$metadata.httpStatusCode).toBe(500);
    expect(err.name).toBe("ServiceException");
    expect(err.message).toContain("worker pool is gone");
  });

  it("passes on an AWS error the runtime raises (e.g. 502 InvalidRuntimeException)", async () => {
    next = async () => {
      throw new AwsError(
        502,
        "InvalidRuntimeException",
        "The runtime parameter of nodejs20.x is not supported by this emulator.",
        {
          extra: { Type: "User" },
          messageKey: "Message",
        },
      );
    };
    const err = await errorOf(() => client.send(new InvokeCommand({ FunctionName: "fn" })));
    expect(err.$metadata.httpStatusCode).toBe(502);
    expect(err.name).toBe("InvalidRuntimeException");
  });
});

describe("Invoke limits and bad input", () => {
  it("refuses a payload over 6 MB with 413 RequestTooLargeException", async () => {
    const big = new Uint8Array(6_291_457).fill(0x20);
    big[0] = 0x31; // "1" followed by spaces: valid JSON, so only the size can fail it.
    const err = await errorOf(() => client.send(new InvokeCommand({ FunctionName: "fn", Payload: big })));
    expect(err.$metadata.httpStatusCode).toBe(413);
    expect(err.name).toBe("RequestTooLargeException");
    expect(err.message).toBe("Request must be smaller than 6291456 bytes for the InvokeFunction operation");
    expect(calls).toHaveLength(0);
    // Exactly at the limit is fine.
    const atLimit = await client.send(new InvokeCommand({ FunctionName: "fn", Payload: big.subarray(0, 6_291_456) }));
    expect(atLimit.StatusCode).toBe(200);
  });

  it("refuses a payload that is not JSON with 400 InvalidRequestContentException", async () => {
    const err = await errorOf(() => client.send(new InvokeCommand({ FunctionName: "fn", Payload: enc("not json") })));
    expect(err.$metadata.httpStatusCode).toBe(400);
    expect(err.name).toBe("InvalidRequestContentException");
    expect(err.message).toMatch(/^Could not parse request body into json: Could not parse payload into json: /);
    expect(calls).toHaveLength(0);
  });

  it("404s an unknown function and a qualifier other than $LATEST", async () => {
    const err = await errorOf(() => client.send(new InvokeCommand({ FunctionName: "ghost" })));
    expect(err.$metadata.httpStatusCode).toBe(404);
    expect(err.message).toBe(`Function not found: arn:aws:lambda:us-east-1:${ACCOUNT}:function:ghost`);
    const q = await errorOf(() => client.send(new InvokeCommand({ FunctionName: "fn", Qualifier: "prod" })));
    expect(q.message).toBe(`Function not found: arn:aws:lambda:us-east-1:${ACCOUNT}:function:fn:prod`);
    const latest = await client.send(new InvokeCommand({ FunctionName: "fn", Qualifier: "$LATEST" }));
    expect(latest.StatusCode).toBe(200);
  });

  it("refuses an unknown invocation type", async () => {
    const res = await signedFetch(emu.url, {
      method: "POST",
      path: "/2015-03-31/functions/fn/invocations",
      body: "{}",
      headers: { "x-amz-invocation-type": "Sometimes" },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("x-amzn-errortype")).toBe("ValidationException");
  });
});

describe("Invoke (Event, DryRun)", () => {
  it("Event answers 202 at once and runs the handler in the background", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    next = async () => {
      await gate;
      return ok("{}");
    };
    const out = await client.send(
      new InvokeCommand({ FunctionName: "fn", InvocationType: "Event", Payload: enc('{"e":1}') }),
    );
    expect(out.StatusCode).toBe(202);
    expect(out.Payload?.byteLength ?? 0).toBe(0);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.payload.toString()).toBe('{"e":1}');
    release();
  });

  it("Event payloads are limited to 1 MB", async () => {
    const big = new Uint8Array(1_048_577).fill(0x20);
    big[0] = 0x31;
    const err = await errorOf(() =>
      client.send(new InvokeCommand({ FunctionName: "fn", InvocationType: "Event", Payload: big })),
    );
    expect(err.$metadata.httpStatusCode).toBe(413);
    expect(err.message).toBe("Request must be smaller than 1048576 bytes for the InvokeFunction operation");
  });

  it("DryRun answers 204 without running anything", async () => {
    const out = await client.send(new InvokeCommand({ FunctionName: "fn", InvocationType: "DryRun" }));
    expect(out.StatusCode).toBe(204);
    expect(calls).toHaveLength(0);
    const err = await errorOf(() =>
      client.send(new InvokeCommand({ FunctionName: "ghost", InvocationType: "DryRun" })),
    );
    expect(err.$metadata.httpStatusCode).toBe(404);
  });
});
