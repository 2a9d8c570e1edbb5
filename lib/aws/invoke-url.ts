import "server-only";
import { getConfig } from "@/lib/config";
import { customEndpoint } from "./target";

/**
 * A stage's invoke URL (docs/aws-binary-rules.md §9). "display" is what a human would open or curl; "fetch" is what the
 * dashboard's server itself requests: Node cannot resolve *.localhost everywhere, so for the emulator it
 * uses the path style /_aws/execute-api/{id}/{stage}/... on 127.0.0.1 (as LocalStack does).
 */
export function stageInvokeUrl(
  region: string,
  apiId: string,
  stage: string,
  path = "/",
  purpose: "display" | "fetch" = "display",
): string {
  const suffix = `${encodeURIComponent(stage)}${path.startsWith("/") ? path : `/${path}`}`;
  const config = getConfig();
  if (config.target === "local") {
    const url = new URL(config.emulatorUrl);
    const port = url.port ? `:${url.port}` : "";
    if (purpose === "display") return `${url.protocol}//${apiId}.execute-api.localhost${port}/${suffix}`;
    return `${url.protocol}//${url.hostname}${port}/_aws/execute-api/${apiId}/${suffix}`;
  }
  const custom = customEndpoint();
  if (custom) return `${custom}/_aws/execute-api/${apiId}/${suffix}`;
  return `https://${apiId}.execute-api.${region}.amazonaws.com/${suffix}`;
}
