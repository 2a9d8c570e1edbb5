/**
 * Demo endpoints broken on purpose, one layer each, for the doctor to name
 * (docs/real-world-failures.md §docs/aws-binary-rules.md P5):
 *
 *  binarygate-demo-doctor-flag        /logo.png — the handler returns base64 without isBase64Encoded (Lambda).
 *  binarygate-demo-doctor-express     /chart.png — an app behind serverless-http without `binary` (adapter):
 *                                     the adapter forces the PNG through a UTF-8 string.
 *  binarygate-demo-doctor-permission  /badge.png — a correct handler API Gateway may not invoke (permission).
 *
 * The serverless-http inside the Express demo's zip is a small stand-in written here (no registry download):
 * it buffers the app's response and encodes it as serverless-http 3 does — base64 with isBase64Encoded true
 * only when the Content-Type is on its `binary` list, else the bytes decoded as UTF-8.
 */
import { makePng } from "./assets";
import type { DemoSpec } from "./index";

const FLAG_SOURCE = (png: string) => `"use strict";
// Broken on purpose: the body is base64, but without isBase64Encoded: true API Gateway sends the base64 text.
const LOGO = ${JSON.stringify(png)};
exports.handler = async () => ({ statusCode: 200, headers: { "Content-Type": "image/png" }, body: LOGO });
`;

const PERMISSION_SOURCE = (png: string) => `"use strict";
// This handler is right; what is missing is the resource policy statement letting API Gateway invoke it.
const BADGE = ${JSON.stringify(png)};
exports.handler = async () => ({
  statusCode: 200,
  headers: { "Content-Type": "image/png" },
  body: BADGE,
  isBase64Encoded: true,
});
`;

const EXPRESS_INDEX = `"use strict";
// Broken on purpose: serverless-http is given no \`binary\` option, so it returns the PNG as a UTF-8 string.
const serverless = require("serverless-http");
const app = require("./app");
module.exports.handler = serverless(app);
`;

const EXPRESS_APP = (png: string) => `"use strict";
// A request handler with Express's (req, res) signature; the demo needs no real Express to run.
const CHART = Buffer.from(${JSON.stringify(png)}, "base64");
module.exports = (req, res) => {
  res.statusCode = 200;
  res.setHeader("Content-Type", "image/png");
  res.setHeader("Content-Length", String(CHART.length));
  res.end(CHART);
};
`;

/** The stand-in serverless-http: buffered, with serverless-http 3's `binary` rule (list, boolean or function). */
export const SERVERLESS_HTTP_STANDIN = `"use strict";
// A stand-in for serverless-http 3.x, bundled with the BinaryGate demo: enough of it to run an (req, res) app
// and to encode the response as the real adapter does.
function typeMatches(pattern, type) {
  const re = new RegExp("^" + pattern.trim().toLowerCase().replace(/[.+?^\${}()|[\\]\\\\]/g, "\\\\$&").replace(/\\*/g, ".*") + "$");
  return re.test(type);
}
function isBinary(headers, binary) {
  if (binary === true) return true;
  if (typeof binary === "function") return Boolean(binary(headers));
  const type = String(headers["content-type"] || "").split(";")[0].trim().toLowerCase();
  if (headers["content-encoding"] && headers["content-encoding"] !== "identity") return true;
  return Array.isArray(binary) && binary.some((p) => typeMatches(p, type));
}
module.exports = function serverless(app, options) {
  const binary = options && options.binary;
  return (event) =>
    new Promise((resolve, reject) => {
      const headers = {};
      const chunks = [];
      const res = {
        statusCode: 200,
        setHeader(name, value) { headers[String(name).toLowerCase()] = String(value); },
        getHeader(name) { return headers[String(name).toLowerCase()]; },
        write(chunk) { chunks.push(Buffer.from(chunk)); return true; },
        end(chunk) {
          if (chunk) chunks.push(Buffer.from(chunk));
          const body = Buffer.concat(chunks);
          const binaryBody = isBinary(headers, binary);
          resolve({
            statusCode: res.statusCode,
            headers,
            isBase64Encoded: binaryBody,
            body: body.toString(binaryBody ? "base64" : "utf8"),
          });
        },
      };
      const reqHeaders = {};
      for (const [k, v] of Object.entries(event.headers || {})) reqHeaders[k.toLowerCase()] = v;
      try {
        app({ method: event.httpMethod, url: event.path, headers: reqHeaders }, res);
      } catch (err) {
        reject(err);
      }
    });
};
`;

/** The Express demo's package: its manifest, handler, app and the stand-in adapter. */
export function expressDemoFiles(png: string): Record<string, string> {
  return {
    "package.json": JSON.stringify(
      {
        name: "chart-service",
        version: "1.0.0",
        main: "index.js",
        dependencies: { express: "^4.21.2", "serverless-http": "^3.2.0" },
      },
      null,
      2,
    ),
    "index.js": EXPRESS_INDEX,
    "app.js": EXPRESS_APP(png),
    "node_modules/serverless-http/package.json": JSON.stringify({
      name: "serverless-http",
      version: "3.2.0",
      main: "index.js",
    }),
    "node_modules/serverless-http/index.js": SERVERLESS_HTTP_STANDIN,
  };
}

/** The doctor's demo APIs (see the file comment); each has image/png deployed, so only its own layer is wrong. */
export function doctorDemoSpecs(): DemoSpec[] {
  const png = makePng().toString("base64");
  const common = () => ({ runtime: "nodejs20.x" as const, handler: "index.handler", binaryMediaTypes: ["image/png"] });
  return [
    {
      ...common(),
      name: "binarygate-demo-doctor-flag",
      description: "Doctor demo: the handler returns base64 without isBase64Encoded",
      files: { "index.js": FLAG_SOURCE(png) },
      routes: ["/logo.png"],
    },
    {
      ...common(),
      name: "binarygate-demo-doctor-express",
      description: "Doctor demo: an app behind serverless-http without its binary option",
      files: expressDemoFiles(png),
      routes: ["/chart.png"],
    },
    {
      ...common(),
      name: "binarygate-demo-doctor-permission",
      description: "Doctor demo: API Gateway has no permission to invoke the function",
      files: { "index.js": PERMISSION_SOURCE(png) },
      routes: ["/badge.png"],
      permission: false,
    },
  ];
}
