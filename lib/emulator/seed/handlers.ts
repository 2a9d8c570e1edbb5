/**
 * Source code of the demo Lambda handlers, as strings zipped at seed time. The binary files are embedded
 * as base64 (built by assets.ts), so each handler returns exactly what a real one would: a base64 body
 * with isBase64Encoded true and the file's Content-Type (docs/aws-binary-rules.md §1.1).
 */

/** The Node.js (CommonJS) handler of binarygate-demo-images: /image, /report, /sound and /files/{name}. */
export function imagesHandlerSource(assets: { png: string; pdf: string; wav: string }): string {
  return `"use strict";
// BinaryGate demo: binary files through an API Gateway Lambda proxy integration.
// API Gateway only turns this base64 body back into bytes when the request's FIRST Accept value matches
// one of the stage's deployed binary media types (image/png, application/pdf, audio/wav here).
const FILES = {
  "logo.png": { type: "image/png", data: ${JSON.stringify(assets.png)} },
  "report.pdf": { type: "application/pdf", data: ${JSON.stringify(assets.pdf)} },
  "tone.wav": { type: "audio/wav", data: ${JSON.stringify(assets.wav)} },
};
const BY_RESOURCE = { "/image": "logo.png", "/report": "report.pdf", "/sound": "tone.wav" };

function file(name) {
  const f = FILES[name];
  return {
    statusCode: 200,
    headers: { "Content-Type": f.type, "Content-Disposition": "inline; filename=\\"" + name + "\\"" },
    body: f.data,
    isBase64Encoded: true,
  };
}

exports.handler = async (event) => {
  if (event.resource === "/files/{name}") {
    const name = (event.pathParameters && event.pathParameters.name) || "";
    if (Object.prototype.hasOwnProperty.call(FILES, name)) return file(name);
    return {
      statusCode: 404,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ message: "No such file: " + name, files: Object.keys(FILES) }),
    };
  }
  const name = BY_RESOURCE[event.resource];
  if (name) return file(name);
  return { statusCode: 404, headers: { "Content-Type": "application/json" }, body: JSON.stringify({ message: "Not found" }) };
};
`;
}

/** The Python 3.11 handler of binarygate-demo-python: GET /photo → an 8×8 JPEG. */
export function pythonHandlerSource(jpegBase64: string): string {
  return `# BinaryGate demo: a JPEG from a Python Lambda behind an API Gateway proxy integration.
PHOTO = ${JSON.stringify(jpegBase64)}


def handler(event, context):
    return {
        "statusCode": 200,
        "headers": {"Content-Type": "image/jpeg"},
        "body": PHOTO,
        "isBase64Encoded": True,
    }
`;
}

/** The Node.js handler of binarygate-demo-json: GET /hello → a JSON document (no binary types needed). */
export function jsonHandlerSource(): string {
  return `"use strict";
exports.handler = async (event) => ({
  statusCode: 200,
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify({ message: "Hello from BinaryGate", path: event.path, method: event.httpMethod }),
});
`;
}

/** The Node.js handler of binarygate-demo-broken: GET /logo.png → a PNG, correct on the Lambda side. */
export function brokenHandlerSource(pngBase64: string): string {
  return `"use strict";
// The handler is right (base64 + isBase64Encoded: true). The API is not: its stage was deployed before
// image/png was added to the binary media types, so clients receive base64 text until it is redeployed.
const LOGO = ${JSON.stringify(pngBase64)};
exports.handler = async () => ({
  statusCode: 200,
  headers: { "Content-Type": "image/png" },
  body: LOGO,
  isBase64Encoded: true,
});
`;
}
