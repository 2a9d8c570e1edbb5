/**
 * What the emulator refuses before any handler runs (docs/security.md promises 2, 13). The secret `test` is public, so
 * a valid signature proves nothing about who sent a request: a web page on any site can presign one. These checks
 * tell a browser on another site (or a DNS-rebound name) from an AWS client on this machine.
 */
import type { IncomingHttpHeaders } from "node:http";
import { isAllowedHost } from "../security/policy";
import { isLoopbackBind } from "../security/loopback";
import type { EmulatorConfig } from "./contracts";

export type GuardVerdict = { ok: true } | { ok: false; message: string };

const OK: GuardVerdict = { ok: true };

function one(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * DNS-rebinding check: the Host must be a loopback name or IP (including `{id}.execute-api.localhost`), the
 * address the emulator was told to bind, or a name given with --allow-host.
 */
export function checkHost(
  headers: IncomingHttpHeaders,
  config: Pick<EmulatorConfig, "host" | "allowHosts">,
): GuardVerdict {
  const host = headers.host;
  const bound = isLoopbackBind(config.host) || config.host === "0.0.0.0" || config.host === "::" ? [] : [config.host];
  if (isAllowedHost(host, { allowedHosts: [...config.allowHosts, ...bound] })) return OK;
  const shown = host === undefined ? "no Host header" : `Host ${JSON.stringify(host.slice(0, 100))}`;
  return {
    ok: false,
    message:
      `The BinaryGate emulator refuses this request (${shown}): it answers only loopback names ` +
      "(localhost, 127.0.0.1, [::1], {api-id}.execute-api.localhost) so that a web page cannot reach it " +
      "through a DNS name it controls. " +
      "Add a name with --allow-host (or BINARYGATE_EMULATOR_ALLOW_HOSTS).",
  };
}

/**
 * Cross-site browser check for the control planes and admin endpoints: an Origin must be on --allow-origin;
 * without one, a Sec-Fetch-Site header (browsers only) must say `none` or `same-origin`.
 */
export function checkBrowser(headers: IncomingHttpHeaders, allowOrigins: readonly string[]): GuardVerdict {
  const origin = one(headers.origin);
  if (origin !== undefined) {
    if (allowOrigins.includes(origin.trim().toLowerCase())) return OK;
    return {
      ok: false,
      message:
        "The BinaryGate emulator refuses requests sent by web pages " +
        `(Origin ${JSON.stringify(origin.slice(0, 100))}): ` +
        "its control plane creates and runs code, so only AWS clients (SDKs, the AWS CLI) may call it. " +
        "Allow a trusted origin with --allow-origin (or BINARYGATE_EMULATOR_ALLOW_ORIGINS).",
    };
  }
  const site = one(headers["sec-fetch-site"])?.trim().toLowerCase();
  if (site === undefined || site === "none" || site === "same-origin") return OK;
  return {
    ok: false,
    message:
      "The BinaryGate emulator refuses requests a browser sends on behalf of another site " +
      `(Sec-Fetch-Site: ${site.slice(0, 30)}): ` +
      "its control plane creates and runs code, so only AWS clients (SDKs, the AWS CLI) may call it.",
  };
}

// What a page on another site can send without a CORS preflight (the CORS-safelisted request content types).
const FORM_TYPES = new Set(["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]);

/** The media type of a Content-Type header, lower-cased, without parameters; undefined when absent or empty. */
export function mediaTypeOf(contentType: string | undefined): string | undefined {
  const t = contentType?.split(";")[0].trim().toLowerCase();
  return t ? t : undefined;
}

function isJson(type: string): boolean {
  if (type === "application/json") return true;
  return /^application\/x-amz-json-1\.[01]$/.test(type) || /^application\/[^/]+\+json$/.test(type);
}

/**
 * Content-type check for a control-plane body (REST-JSON): JSON types or none. Operations whose body is a raw
 * blob (Lambda Invoke's payload) also take application/octet-stream; the form types a browser can send across
 * sites are never taken.
 */
export function checkContentType(headers: IncomingHttpHeaders, method: string, blobBody: boolean): GuardVerdict {
  if (method === "GET" || method === "HEAD" || method === "OPTIONS") return OK;
  const type = mediaTypeOf(one(headers["content-type"]));
  if (type === undefined || isJson(type)) return OK;
  if (blobBody && !FORM_TYPES.has(type)) return OK;
  return {
    ok: false,
    message:
      `Content-Type ${type.slice(0, 100)} is not accepted by this operation: send the body as JSON ` +
      `(application/json)${blobBody ? " or application/octet-stream" : ""}, or send no Content-Type.`,
  };
}
