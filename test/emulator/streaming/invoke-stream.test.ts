// Lambda's InvokeWithResponseStream (docs/streaming.md §2.6, LW2–LW4) read by the SDKs' own clients: the JS SDK's
// InvokeWithResponseStreamCommand and boto3's invoke_with_response_stream. Until the runtime streams, handlers are
// buffered ones (stream-source.ts's adapter): their JSON result is the stream's bytes. LW1 (a handler that writes
// the prelude itself) waits for the runtime's streamifyResponse.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { InvokeWithResponseStreamCommand, type InvokeWithResponseStreamResponseEvent } from "@aws-sdk/client-lambda";
import { beforeAll, describe, expect, it } from "vitest";
import { useEmulator } from "../../support/emulator";
import { createProxyFunction } from "../../support/proxy-api";
import { errorOf, signed } from "../core/helpers";

const emu = useEmulator({ prefix: "bg-stream-lw-" });
const run = promisify(execFile);

const HANDLER = `exports.handler = async (event) => {
  if (event.fail) throw new Error("boom: " + event.fail);
  console.log("streamed-log-line");
  if (event.size) return "x".repeat(event.size);
  return { statusCode: 200, echo: event };
};`;

beforeAll(async () => {
  await createProxyFunction(emu, "streamer", { "index.js": HANDLER }, { permission: false });
});

async function collect(stream: AsyncIterable<InvokeWithResponseStreamResponseEvent> | undefined) {
  const chunks: Uint8Array[] = [];
  let complete: { ErrorCode?: string; ErrorDetails?: string; LogResult?: string } | undefined;
  for await (const ev of stream ?? []) {
    if (ev.PayloadChunk) {
      expect(complete, "no PayloadChunk after InvokeComplete").toBeUndefined();
      chunks.push(ev.PayloadChunk.Payload!);
    }
    if (ev.InvokeComplete) complete = ev.InvokeComplete;
  }
  return { chunks, body: Buffer.concat(chunks), complete };
}

const payload = (o: unknown) => new TextEncoder().encode(JSON.stringify(o));

describe("InvokeWithResponseStream with the JS SDK", () => {
  it("a buffered handler's JSON result arrives as PayloadChunk bytes, then an error-free InvokeComplete", async () => {
    const out = await emu.lambda.send(
      new InvokeWithResponseStreamCommand({ FunctionName: "streamer", Payload: payload({ a: 1 }) }),
    );
    expect(out.StatusCode).toBe(200);
    expect(out.ExecutedVersion).toBe("$LATEST");
    const { body, complete } = await collect(out.EventStream);
    expect(JSON.parse(body.toString("utf8"))).toEqual({ statusCode: 200, echo: { a: 1 } });
    expect(complete).toBeDefined();
    expect(complete!.ErrorCode).toBeUndefined();
    expect(complete!.LogResult).toBeUndefined();
  });

  it("a result larger than one frame is split over several PayloadChunks that add up to it", async () => {
    const out = await emu.lambda.send(
      new InvokeWithResponseStreamCommand({ FunctionName: "streamer", Payload: payload({ size: 300_000 }) }),
    );
    const { chunks, body } = await collect(out.EventStream);
    expect(chunks.length).toBeGreaterThan(1);
    expect(body.toString("utf8")).toBe(JSON.stringify("x".repeat(300_000)));
  });

  it("LW2: a handler that throws gives HTTP 200 and InvokeComplete with ErrorCode and ErrorDetails", async () => {
    const out = await emu.lambda.send(
      new InvokeWithResponseStreamCommand({
        FunctionName: "streamer",
        Payload: payload({ fail: "now" }),
        LogType: "Tail",
      }),
    );
    expect(out.StatusCode).toBe(200);
    const { chunks, complete } = await collect(out.EventStream);
    expect(chunks).toHaveLength(0);
    expect(complete!.ErrorCode).toBe("Error");
    expect(complete!.ErrorDetails).toBe("boom: now");
    expect(Buffer.from(complete!.LogResult!, "base64").toString("utf8")).toContain("boom: now");
  });

  it("LogType Tail puts the log's tail in InvokeComplete.LogResult", async () => {
    const out = await emu.lambda.send(
      new InvokeWithResponseStreamCommand({ FunctionName: "streamer", LogType: "Tail" }),
    );
    const { complete } = await collect(out.EventStream);
    expect(Buffer.from(complete!.LogResult!, "base64").toString("utf8")).toContain("streamed-log-line");
  });

  it("LW3: DryRun answers 204 with no frames", async () => {
    const r = await signed(emu.url, {
      method: "POST",
      service: "lambda",
      path: "/2021-11-15/functions/streamer/response-streaming-invocations",
      headers: { "x-amz-invocation-type": "DryRun" },
      body: "{}",
    });
    expect(r.status).toBe(204);
    expect((await r.arrayBuffer()).byteLength).toBe(0);
  });

  it("the wire: 200, the event-stream content type, X-Amz-Executed-Version", async () => {
    const r = await signed(emu.url, {
      method: "POST",
      service: "lambda",
      path: "/2021-11-15/functions/streamer/response-streaming-invocations",
      body: "{}",
    });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("application/vnd.amazon.eventstream");
    expect(r.headers.get("x-amz-executed-version")).toBe("$LATEST");
    const raw = Buffer.from(await r.arrayBuffer());
    // LW4: the first message's total length fits inside what came, and its prelude CRC is over 8 bytes.
    expect(raw.readUInt32BE(0)).toBeLessThanOrEqual(raw.length);
  });

  it("Event is not an invocation type of this API; an unknown function is AWS's 404", async () => {
    const ev = await errorOf(() =>
      emu.lambda.send(
        new InvokeWithResponseStreamCommand({ FunctionName: "streamer", InvocationType: "Event" as never }),
      ),
    );
    expect(ev.name).toBe("ValidationException");
    expect(ev.message).toContain("[RequestResponse, DryRun]");
    const missing = await errorOf(() => emu.lambda.send(new InvokeWithResponseStreamCommand({ FunctionName: "nope" })));
    expect(missing.name).toBe("ResourceNotFoundException");
  });
});

const BOTO3 = `
import json, sys, boto3
c = boto3.client("lambda", endpoint_url=sys.argv[1], region_name="us-east-1",
                 aws_access_key_id="test", aws_secret_access_key="test")
r = c.invoke_with_response_stream(FunctionName="streamer", Payload=json.dumps({"b": 2}).encode())
body, complete = b"", None
for ev in r["EventStream"]:
    if "PayloadChunk" in ev: body += ev["PayloadChunk"]["Payload"]
    if "InvokeComplete" in ev: complete = ev["InvokeComplete"]
print(json.dumps({"status": r["StatusCode"], "version": r.get("ExecutedVersion"),
                  "body": body.decode(), "complete": complete}))
`;

describe("InvokeWithResponseStream with boto3", () => {
  it("boto3's invoke_with_response_stream reads the same stream", async () => {
    // python3 with boto3 is part of this machine's toolchain; a missing boto3 fails here rather than skipping.
    const { stdout } = await run("python3", ["-c", BOTO3, emu.url], { timeout: 30_000 });
    const out = JSON.parse(stdout);
    expect(out.status).toBe(200);
    expect(out.version).toBe("$LATEST");
    expect(JSON.parse(out.body)).toEqual({ statusCode: 200, echo: { b: 2 } });
    expect(out.complete).toEqual({});
  });
});
