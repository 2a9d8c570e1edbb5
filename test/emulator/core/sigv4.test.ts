// SigV4 canonicalisation vectors (AWS's rules for non-S3 services) and wire cases the SDK produces.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GetFunctionCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { canonicalQuery, canonicalUri } from "@/lib/emulator/sigv4";
import { freshEmulator, signed } from "./helpers";

describe("canonical URI and query", () => {
  it.each([
    ["/restapis", "/restapis"],
    ["/", "/"],
    [
      "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Ahello/invocations",
      "/2015-03-31/functions/arn%253Aaws%253Alambda%253Aus-east-1%253A000000000000%253Afunction%253Ahello/invocations",
    ],
    ["/a/./b/../c", "/a/c"],
    ["/a//b/", "/a/b/"],
    ["/it's(ok)*", "/it%27s%28ok%29%2A"],
  ])("canonicalUri(%s) = %s", (input, expected) => {
    expect(canonicalUri(input)).toBe(expected);
  });

  it.each([
    ["", ""],
    ["?limit=25&position=abc", "limit=25&position=abc"],
    ["?b=2&a=1&a=0", "a=0&a=1&b=2"],
    ["?Qualifier=%24LATEST", "Qualifier=%24LATEST"],
    ["?x=a%20b&y", "x=a%20b&y="],
    ["?embed=methods&embed=a*b", "embed=a%2Ab&embed=methods"],
  ])("canonicalQuery(%s) = %s", (input, expected) => {
    expect(canonicalQuery(input)).toBe(expected);
  });
});

describe("wire", () => {
  let emu: Awaited<ReturnType<typeof freshEmulator>>;
  beforeAll(async () => {
    emu = await freshEmulator();
  });
  afterAll(async () => {
    await emu?.dispose();
  });

  it("a Lambda ARN name sent as %3A verifies (the path is encoded again for the signature)", async () => {
    const lambda = new LambdaClient({
      endpoint: emu.url,
      region: "us-east-1",
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
      maxAttempts: 1,
    });
    const err = await lambda
      .send(new GetFunctionCommand({ FunctionName: "arn:aws:lambda:us-east-1:000000000000:function:hello" }))
      .then(
        () => null,
        (e) => e,
      );
    // Whatever the Lambda plane answers, it must not be a signature failure.
    expect(err?.name).not.toBe("InvalidSignatureException");
    expect(err?.$metadata?.httpStatusCode).not.toBe(403);
  });

  it("a signature older than 15 minutes is refused", async () => {
    const res = await fetch(`${emu.url}/restapis`, {
      headers: {
        "x-amz-date": "20200101T000000Z",
        authorization:
          "AWS4-HMAC-SHA256 Credential=test/20200101/us-east-1/apigateway/aws4_request, SignedHeaders=host;x-amz-date, Signature=" +
          "0".repeat(64),
      },
    });
    expect(res.status).toBe(403);
    expect(res.headers.get("x-amzn-errortype")).toBe("InvalidSignatureException");
    expect((await res.json()).message).toMatch(/^Signature expired: 20200101T000000Z is now earlier than/);
  });

  it("headers may be Capitalised and carry folded spaces (AWS CLI style)", async () => {
    const res = await signed(emu.url, {
      path: "/restapis",
      headers: { Accept: "application/json", "X-Custom": "a   b" },
    });
    expect(res.status).toBe(200);
  });

  it("a Lambda body over Lambda's request limit is refused with 413 RequestEntityTooLargeException", async () => {
    const res = await fetch(`${emu.url}/2015-03-31/functions`, {
      method: "POST",
      headers: {
        "content-length": "69905068",
        "x-amz-date": "20260101T000000Z",
        authorization:
          "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/lambda/aws4_request, SignedHeaders=host;x-amz-date, Signature=" +
          "0".repeat(64),
      },
      body: new ReadableStream({
        pull(c) {
          c.enqueue(new Uint8Array(64 * 1024));
        },
      }),
      duplex: "half",
    } as RequestInit).catch((e: Error) => e);
    if (res instanceof Error) throw res;
    expect(res.status).toBe(413);
    expect(res.headers.get("x-amzn-errortype")).toBe("RequestEntityTooLargeException");
    expect((await res.json()).message).toBe(
      "Request must be smaller than 69905067 bytes for the CreateFunction operation",
    );
  });
});
