// Fault injection (POST /_binarygate/faults): AWS's 429 and 409 answers and delays, for client retry tests.
import { describe, expect, it } from "vitest";
import { CreateRestApiCommand, GetRestApisCommand, UpdateRestApiCommand } from "@aws-sdk/client-api-gateway";
import { applyFault } from "@/lib/emulator/faults";
import { apigw, errorOf } from "./helpers";
import { useEmulator } from "../../support/emulator";

const emu = useEmulator();

const arm = (rule: object) =>
  fetch(`${emu.url}/_binarygate/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(rule),
  });

describe("fault injection", () => {
  it("throttles the next N calls of an operation with AWS's 429, Retry-After: 1, then recovers", async () => {
    const client = apigw(emu.url);
    const api = await client.send(new CreateRestApiCommand({ name: "throttled" }));
    expect((await arm({ operation: "UpdateRestApi", times: 2, kind: "throttle" })).status).toBe(201);
    const patchOnce = () =>
      client.send(
        new UpdateRestApiCommand({
          restApiId: api.id!,
          patchOperations: [{ op: "add", path: "/binaryMediaTypes/image~1png" }],
        }),
      );
    for (let i = 0; i < 2; i++) {
      const err = await errorOf(patchOnce);
      expect(err.name).toBe("TooManyRequestsException");
      expect(err.$metadata?.httpStatusCode).toBe(429);
      expect(err.message).toBe("Too Many Requests");
      expect(err.retryAfterSeconds).toBe("1");
    }
    // Other operations are not hit.
    expect((await client.send(new GetRestApisCommand({}))).$metadata.httpStatusCode).toBe(200);
    const ok = await patchOnce();
    expect(ok.binaryMediaTypes).toEqual(["image/png"]);
    const metrics = await (await fetch(`${emu.url}/_binarygate/metrics`)).json();
    expect(metrics.calls.apigateway.UpdateRestApi).toBe(3);
    expect(metrics.errors.apigateway.TooManyRequestsException).toBe(2);
  });

  it("the SDK's own retry gets through a single throttle (the patch applies once)", async () => {
    const client = apigw(emu.url, { maxAttempts: 3 });
    const api = await client.send(new CreateRestApiCommand({ name: "retried" }));
    await arm({ operation: "UpdateRestApi", times: 1, kind: "throttle" });
    const res = await client.send(
      new UpdateRestApiCommand({
        restApiId: api.id!,
        patchOperations: [{ op: "add", path: "/binaryMediaTypes/image~1gif" }],
      }),
    );
    expect(res.binaryMediaTypes).toEqual(["image/gif"]);
  });

  it("conflict answers 409 with AWS's concurrent-modification message; '*' hits any operation", async () => {
    const client = apigw(emu.url);
    await arm({ operation: "*", times: 1, kind: "conflict", service: "apigateway" });
    const err = await errorOf(() => client.send(new GetRestApisCommand({})));
    expect(err.name).toBe("ConflictException");
    expect(err.$metadata?.httpStatusCode).toBe(409);
    expect(err.message).toBe("Unable to complete operation due to concurrent modification. Please try again later.");
    expect((await client.send(new GetRestApisCommand({}))).$metadata.httpStatusCode).toBe(200);
  });

  it("delay holds the call, then answers normally", async () => {
    const client = apigw(emu.url);
    await arm({ operation: "GetRestApis", times: 1, kind: "delay", delayMs: 300 });
    const t0 = Date.now();
    const res = await client.send(new GetRestApisCommand({}));
    expect(res.$metadata.httpStatusCode).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(280);
  });

  it("DELETE clears armed rules; a service filter keeps API Gateway rules off Lambda", async () => {
    await arm({ operation: "GetRestApis", times: 5, kind: "throttle" });
    expect((await (await fetch(`${emu.url}/_binarygate/faults`)).json()).rules).toHaveLength(1);
    expect((await fetch(`${emu.url}/_binarygate/faults`, { method: "DELETE" })).status).toBe(200);
    expect((await apigw(emu.url).send(new GetRestApisCommand({}))).$metadata.httpStatusCode).toBe(200);

    await arm({ operation: "*", times: 1, kind: "throttle", service: "apigateway" });
    await expect(applyFault(emu.ctx, "lambda", "Invoke")).resolves.toBeUndefined();
    await arm({ operation: "Invoke", times: 1, kind: "throttle", service: "lambda" });
    const lambdaErr = await applyFault(emu.ctx, "lambda", "Invoke").then(
      () => null,
      (e) => e,
    );
    expect(lambdaErr?.type).toBe("TooManyRequestsException");
    expect(lambdaErr?.body()).toEqual({ Type: "User", Reason: "CallerRateLimitExceeded", message: "Rate Exceeded." });
    await fetch(`${emu.url}/_binarygate/faults`, { method: "DELETE" });
  });
});
