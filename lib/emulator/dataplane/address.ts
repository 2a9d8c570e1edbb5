/**
 * Which stage an execute-api request addresses (docs/aws-binary-rules.md §9). Two styles, as LocalStack offers them
 * [E4][E8]:
 *   host: `{apiId}.execute-api.<anything>[:port]/{stage}/{path}` (browsers resolve `*.localhost` to loopback)
 *   path: `/_aws/execute-api/{apiId}/{stage}/{path}` on the emulator's own host.
 */
import type { ExecuteApiTarget } from "../contracts";
import { safeDecodeURIComponent } from "../../binary";

/** REST API ids are 10 lower-case alphanumerics on AWS; accept any label of letters and digits here. */
const HOST_RE = /^([a-z0-9]+)\.execute-api\.[^/]+$/i;
const PATH_PREFIX = "/_aws/execute-api/";

/** Parses a stage address from the Host header and the request target; null when it is not one. */
export function parseExecuteApiAddress(host: string | undefined, rawUrl: string): ExecuteApiTarget | null {
  const q = rawUrl.indexOf("?");
  const pathname = q === -1 ? rawUrl : rawUrl.slice(0, q);
  const query = q === -1 ? "" : rawUrl.slice(q + 1);

  if (pathname.startsWith(PATH_PREFIX)) {
    const rest = pathname.slice(PATH_PREFIX.length);
    const [apiId, stage, ...tail] = rest.split("/");
    if (!apiId || stage === undefined || stage === "") return null;
    const path = "/" + tail.join("/");
    return { apiId: apiId.toLowerCase(), stage: safeDecodeURIComponent(stage), path, query, style: "path" };
  }

  if (host) {
    const m = HOST_RE.exec(stripPort(host.trim()));
    if (m) {
      // First path segment is the stage; "/" alone addresses no stage (AWS answers 403 Forbidden).
      const rest = pathname.startsWith("/") ? pathname.slice(1) : pathname;
      const slash = rest.indexOf("/");
      const stage = slash === -1 ? rest : rest.slice(0, slash);
      const path = slash === -1 ? "/" : rest.slice(slash);
      return { apiId: m[1].toLowerCase(), stage: safeDecodeURIComponent(stage), path, query, style: "host" };
    }
  }
  return null;
}

function stripPort(host: string): string {
  if (host.startsWith("[")) return host; // IPv6 literal: never an execute-api name
  const colon = host.lastIndexOf(":");
  return colon === -1 ? host : host.slice(0, colon);
}
