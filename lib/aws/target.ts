import "server-only";
import { getConfig, targetLabel } from "@/lib/config";
import type { CliTarget } from "./cli-commands";
import { LOCAL_ACCOUNT_ID, LOCAL_CREDENTIALS } from "./clients";
import type { TargetInfo } from "./types";

/**
 * Which target, account and region the dashboard talks to, for the header (docs/security.md promise 10). For real AWS
 * the account would need STS (another client and dependency); instead we remember the account of any ARN
 * lib/aws has already read (Lambda integration uris), else say "unknown".
 */

let observedAccount: string | undefined;

/** Remembers the account id of an ARN seen in a response (aws target only). */
export function noteAccountFromArn(arn: string): void {
  const m = /^arn:[^:]+:[^:]+:[^:]*:(\d{12}):/.exec(arn);
  if (m && getConfig().target === "aws") observedAccount = m[1];
}

/**
 * The custom endpoint, if the SDK is pointed at one. The SDK reads these variables itself for its
 * clients; we read them only to label the target and to build LocalStack-style invoke URLs
 * (docs/aws-binary-rules.md §9).
 */
export function customEndpoint(): string | undefined {
  const config = getConfig();
  if (config.target !== "aws") return undefined;
  const url = config.sdkEndpointUrl;
  return url ? url.replace(/\/+$/, "") : undefined;
}

/** The target shown in the header: kind, label, region, account and endpoint. */
export function getTargetInfo(region?: string): TargetInfo {
  const config = getConfig();
  const r = region ?? config.defaultRegion;
  if (config.target === "local") {
    return {
      kind: "local",
      label: targetLabel("local"),
      region: r,
      account: LOCAL_ACCOUNT_ID,
      endpoint: config.emulatorUrl,
    };
  }
  const custom = customEndpoint();
  if (custom)
    return {
      kind: "custom",
      label: "AWS-compatible endpoint",
      region: r,
      account: observedAccount ?? "unknown",
      endpoint: custom,
    };
  return {
    kind: "aws",
    label: targetLabel("aws"),
    region: r,
    account: observedAccount ?? "unknown",
    endpoint: "AWS default",
  };
}

/** Endpoint, region and (emulator only) credentials that the displayed AWS CLI commands carry. */
export function cliTargetFor(region: string): CliTarget {
  const config = getConfig();
  if (config.target === "local")
    return { region, endpointUrl: config.emulatorUrl, credentials: { ...LOCAL_CREDENTIALS } };
  const custom = customEndpoint();
  return custom ? { region, endpointUrl: custom } : { region };
}
