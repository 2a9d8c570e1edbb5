/**
 * What real clients send as Accept — the value that decides binary vs text (docs/aws-binary-rules.md §0.4, §1.5, §10).
 * Only the FIRST value counts (docs/aws-binary-rules.md §3), so these presets are what the preview and the doctor test
 * against. Sources: [W1] MDN "List of default Accept values"
 *   https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/Content_negotiation/List_of_default_Accept_values
 *   (mdn/content 376cb9d); [W3] Chromium third_party/blink/common/loader/network_utils.cc ImageAcceptHeader;
 *   [W4] Fetch standard: a request's default Accept is "*∕*" (https://fetch.spec.whatwg.org/, commit a5560d2).
 */

/** A client's default Accept header in one context. */
export interface ClientAcceptPreset {
  /** Stable id, e.g. "chrome-img". */
  id: string;
  /** Short label for a picker, e.g. "Chrome <img>". */
  label: string;
  /** The client, e.g. "Chrome", "curl", or "explicit". */
  client: string;
  context: "navigation" | "image" | "fetch" | "cli" | "library" | "explicit";
  /** The exact header value sent. */
  accept: string;
  /** Where the value comes from. */
  source: string;
}

const W1 = "MDN, List of default Accept values [W1]";

/**
 * Default Accept values of current browsers, fetch(), CLI tools and libraries, plus explicit types
 * (docs/aws-binary-rules.md §10, [W1][W3][W4]).
 */
export const CLIENT_ACCEPT_PRESETS: readonly ClientAcceptPreset[] = Object.freeze([
  // Address bar / <a>: first value text/html (docs/aws-binary-rules.md §1.5).
  {
    id: "chrome-tab",
    label: "Chrome tab",
    client: "Chrome",
    context: "navigation",
    // Observed on the wire from Chromium 156 (Debian build, e2e "This browser" capture, 2026-11-24): Chromium
    // lists image/jxl once its JPEG XL decoder is enabled. The first value — the one that counts — is text/html.
    accept:
      "text/html,application/xhtml+xml,application/xml;q=0.9,image/jxl,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7",
    source: "Observed from Chromium 156 (e2e capture); MDN lists the same without image/jxl for Chrome 131+ [W1]",
  },
  {
    id: "chrome-img",
    label: "Chrome <img>",
    client: "Chrome",
    context: "image",
    // Observed from Chromium 156: image/jxl FIRST, so image/avif alone no longer fixes Chrome's <img> loads.
    accept: "image/jxl,image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8",
    source: "Observed from Chromium 156 (e2e capture); Chromium's ImageAcceptHeader [W3] with JPEG XL enabled",
  },
  {
    id: "edge-img",
    label: "Edge / older Chrome <img>",
    client: "Edge",
    context: "image",
    // Chromium's ImageAcceptHeader without JPEG XL [W3]; MDN lists it without image/svg+xml (Chrome/Edge 121+).
    accept: "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8",
    source: "Chromium network_utils.cc ImageAcceptHeader [W3]; MDN [W1] Chrome/Edge 121+",
  },
  {
    id: "firefox-tab",
    label: "Firefox tab",
    client: "Firefox",
    context: "navigation",
    accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    source: `${W1}: Firefox 132 and later`,
  },
  {
    id: "firefox-img",
    label: "Firefox <img>",
    client: "Firefox",
    context: "image",
    accept: "image/avif,image/webp,image/png,image/svg+xml,image/*;q=0.8,*/*;q=0.5",
    source: `${W1}: Firefox 128 and later`,
  },
  {
    id: "safari-tab",
    label: "Safari tab",
    client: "Safari",
    context: "navigation",
    accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    source: `${W1}: Safari 13.1 to 18.1+`,
  },
  {
    id: "safari-img",
    label: "Safari <img>",
    client: "Safari",
    context: "image",
    accept: "image/webp,image/png,image/svg+xml,image/*;q=0.8,video/*;q=0.8,*/*;q=0.5",
    source: `${W1}: Safari since macOS Big Sur`,
  },
  {
    id: "fetch",
    label: "fetch() / XHR",
    client: "Browser fetch()",
    context: "fetch",
    accept: "*/*",
    source: "Fetch standard: default Accept is */* [W4]",
  },
  {
    id: "curl",
    label: "curl",
    client: "curl",
    context: "cli",
    accept: "*/*",
    source: "curl's default request header Accept: */* (MDN Accept page example [W2])",
  },
  {
    id: "postman",
    label: "Postman",
    client: "Postman",
    context: "cli",
    accept: "*/*",
    source: "Postman's auto-generated default header Accept: */*",
  },
  {
    id: "python-requests",
    label: "python-requests",
    client: "python-requests",
    context: "library",
    accept: "*/*",
    source: "requests.utils.default_headers(): Accept */* (also seen in AWS-validated events [V6])",
  },
  {
    id: "axios",
    label: "axios",
    client: "axios",
    context: "library",
    accept: "application/json, text/plain, */*",
    source: "axios lib/defaults: headers.common.Accept",
  },
  // Explicit types: what a client should send when it wants bytes (docs/aws-binary-rules.md §10 fetch fix).
  ...(
    [
      ["explicit-png", "image/png"],
      ["explicit-jpeg", "image/jpeg"],
      ["explicit-webp", "image/webp"],
      ["explicit-pdf", "application/pdf"],
      ["explicit-mp3", "audio/mpeg"],
      ["explicit-octet-stream", "application/octet-stream"],
      ["explicit-any", "*/*"],
    ] as const
  ).map(
    ([id, accept]): ClientAcceptPreset => ({
      id,
      label: `Accept: ${accept}`,
      client: "explicit",
      context: "explicit",
      accept,
      source: "explicit header (e.g. curl -H 'Accept: …', fetch(url, {headers: {Accept: …}}))",
    }),
  ),
]);
