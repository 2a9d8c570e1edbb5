import "server-only";
import { Agent } from "node:http";
import { APIGatewayClient } from "@aws-sdk/client-api-gateway";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { getConfig } from "@/lib/config";

/**
 * SDK clients, built once per (target, region) from validated config (docs/conventions.md). The local target
 * talks to the emulator with its fixed test/test credentials; the aws target uses the SDK's default chain
 * (env, AWS_PROFILE, SSO) and the SDK's own AWS_ENDPOINT_URL* variables, which we deliberately do not read
 * here so that the SDK's precedence rules apply unchanged.
 */

/** The emulator's account and credentials (docs/architecture.md "Targets"). Never real AWS credentials. */
export const LOCAL_ACCOUNT_ID = "000000000000";
/** The emulator's fixed credentials (test/test), never real ones. */
export const LOCAL_CREDENTIALS = { accessKeyId: "test", secretAccessKey: "test" };

const apiGatewayClients = new Map<string, APIGatewayClient>();

/** The API Gateway client for a region of the configured target. */
export function apiGatewayClient(region: string): APIGatewayClient {
  const config = getConfig();
  const key = `${config.target}|${config.emulatorUrl}|${config.awsTimeoutMs}|${region}`;
  let client = apiGatewayClients.get(key);
  if (!client) {
    client = new APIGatewayClient({
      region,
      // lib/aws retries throttling and conflicts itself, under its own limiter (call.ts); SDK retries on
      // top would multiply attempts and bypass the quota accounting.
      maxAttempts: 1,
      // Without throwOnRequestTimeout the SDK only logs a warning when requestTimeout passes and waits on
      // forever: a target that accepts connections and never answers would hold a page's panels for minutes.
      // No idle keep-alive sockets to the emulator: Node's server closes them after 5 s, and a call that picks
      // one up at that moment fails with ECONNRESET (maxAttempts 1). A loopback connect costs well under 1 ms.
      requestHandler: {
        connectionTimeout: Math.min(5_000, config.awsTimeoutMs),
        requestTimeout: config.awsTimeoutMs,
        throwOnRequestTimeout: true,
        ...(config.target === "local" ? { httpAgent: new Agent({ keepAlive: false }) } : {}),
      },
      ...(config.target === "local" ? { endpoint: config.emulatorUrl, credentials: LOCAL_CREDENTIALS } : {}),
    });
    apiGatewayClients.set(key, client);
  }
  return client;
}

const lambdaClients = new Map<string, LambdaClient>();

/** Lambda's Invoke runs the user's code: its deadline is the function's longest timeout, not a control call's. */
export const INVOKE_TIMEOUT_MS = 60_000;

/** The Lambda client for a region of the configured target; `invoke` gives it Invoke's longer deadline. */
export function lambdaClient(region: string, invoke = false): LambdaClient {
  const config = getConfig();
  const timeout = invoke ? Math.max(INVOKE_TIMEOUT_MS, config.awsTimeoutMs) : config.awsTimeoutMs;
  const key = `${config.target}|${config.emulatorUrl}|${timeout}|${region}`;
  let client = lambdaClients.get(key);
  if (!client) {
    client = new LambdaClient({
      region,
      // Same reasons as apiGatewayClient: our own retries and limiter, a hard deadline, no idle sockets locally.
      maxAttempts: 1,
      requestHandler: {
        connectionTimeout: Math.min(5_000, timeout),
        requestTimeout: timeout,
        throwOnRequestTimeout: true,
        ...(config.target === "local" ? { httpAgent: new Agent({ keepAlive: false }) } : {}),
      },
      ...(config.target === "local" ? { endpoint: config.emulatorUrl, credentials: LOCAL_CREDENTIALS } : {}),
    });
    lambdaClients.set(key, client);
  }
  return client;
}

/** The key of the account whose quotas a call counts against (one target = one account). */
export function accountKey(): string {
  const config = getConfig();
  return config.target === "local" ? `local|${config.emulatorUrl}` : `aws|${config.awsProfile ?? ""}`;
}
