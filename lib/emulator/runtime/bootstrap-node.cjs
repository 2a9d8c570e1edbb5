"use strict";
// The Node.js worker: loads one function's handler like Lambda's Node runtime and serves invocations sent
// by the emulator over fd 3. Plain CommonJS (no tsx): user code must load in a bare `node`.
//
// The wire (frame types, layout, reader) is wire.cjs, shared with the emulator. stdout/stderr are left to the
// handler; console output is captured and sent as LOG frames so it is ordered with the result.
//
// argv (after this file): [--bg-binary=<lib/binary as one CJS bundle>] [body file]. Cleared from process.argv
// before the handler loads, so user code sees none of it.

const net = require("node:net");
const fs = require("node:fs");
const path = require("node:path");
const util = require("node:util");
const { pathToFileURL } = require("node:url");
const { splitProxyResult, encodeBody, measureString } = require("./json-size.cjs");
const {
  T_INVOKE,
  T_READY,
  T_INIT_ERROR,
  T_LOG,
  T_RESULT,
  T_PROXY,
  T_ERROR,
  T_BAD_REQUEST,
  T_RESPONSE,
  MODE_PROXY,
  BODY_NONE,
  BODY_INLINE,
  BODY_FILE,
  frameHead,
  FrameReader,
} = require("./wire.cjs");

// Lambda's synchronous response limit (docs/aws-binary-rules.md §8).
const RESPONSE_LIMIT = 6291556;
// Log bytes streamed per invocation before only a tail is kept (a handler printing megabytes must not
// flood the pipe or the emulator's memory; the emulator keeps the last 4 KB anyway).
const LOG_STREAM_CAP = 256 * 1024;
const LOG_TAIL = 4096;

// Bodies at least this big go through the body file (on tmpfs): one write here and one read in the emulator,
// instead of ~20 pipe round trips through a ~200 KB socket buffer, each a wake-up of the other process.
const FILE_BODY_MIN = 64 * 1024;
let bodyFile;
let binaryPath;
for (const arg of process.argv.slice(2)) {
  if (arg.startsWith("--bg-binary=")) binaryPath = arg.slice("--bg-binary=".length);
  else bodyFile = arg;
}
// The handler's process.argv is [node, this bootstrap], as on Lambda: none of the emulator's paths.
process.argv.splice(2);

// lib/binary, prebuilt as one plain CommonJS file (binary-bundle.ts): loaded while the worker initialises, after
// Init Duration is measured, in a few milliseconds. It leaves require.cache again, so the handler's module
// registry shows none of the emulator's files. null: unavailable, the emulator converts instead (the "ok" path).
let binary;
function loadBinary() {
  if (binary !== undefined) return binary;
  binary = null;
  if (!binaryPath) return binary;
  try {
    const loaded = require(binaryPath);
    delete require.cache[binaryPath];
    if (typeof loaded.lambdaResultToResponse === "function" && typeof loaded.LAMBDA_RESPONSE_LIMIT_BYTES === "number")
      binary = loaded;
  } catch {
    binary = null;
  }
  return binary;
}
let bodyFd = -1;
if (bodyFile) {
  try {
    bodyFd = fs.openSync(bodyFile, "r+");
  } catch {
    bodyFd = -1;
  }
}
let fileHolds = null; // the Buffer whose bytes the body file holds now

// A handler returning the same string again (a cached asset) is not re-encoded or re-scanned: `===` on the same
// string is a pointer compare, and on an equal copy a memcmp, both far cheaper than encoding 1 MB again.
let memoString = null;
let memoEncoded = null;
function encodeMemo(str) {
  if (memoString !== null && str === memoString) return memoEncoded;
  const encoded = encodeBody(str);
  // Only bodies that can be sent are worth keeping (an oversized one would just pin megabytes).
  if (encoded.jsonBytes <= RESPONSE_LIMIT) {
    memoString = str;
    memoEncoded = encoded;
  }
  return encoded;
}

const sock = new net.Socket({ fd: 3, readable: true, writable: true });
sock.setNoDelay?.(true);
// The emulator went away (even killed -9): nothing left to serve, and nothing the handler started may outlive it.
// The worker leads its own process group (process-tree.ts), so this ends the handler's children and itself.
function emulatorGone() {
  try {
    process.kill(-process.pid, "SIGKILL");
  } catch {
    // not a group leader (started by hand): just leave
  }
  process.exit(0);
}
sock.on("end", emulatorGone);
sock.on("error", emulatorGone);

function frame(type, body) {
  sock.cork();
  sock.write(frameHead(body.length, type));
  if (body.length > 0) sock.write(body);
  process.nextTick(() => sock.uncork());
}

// ---- logs -------------------------------------------------------------------------------------------
let currentId; // request id of the running invocation (undefined during init, as Lambda logs it)
let logSent = 0;
let logTail = "";
let logOmitted = 0;

function logWrite(chunk, encoding) {
  const text =
    typeof chunk === "string" ? chunk : Buffer.from(chunk).toString(typeof encoding === "string" ? encoding : "utf8");
  if (text.length === 0) return;
  if (logSent < LOG_STREAM_CAP) {
    const b = Buffer.from(text, "utf8");
    logSent += b.length;
    frame(T_LOG, b);
    return;
  }
  logOmitted += text.length;
  logTail = (logTail + text).slice(-LOG_TAIL);
}

function flushLogs() {
  if (logOmitted > 0) {
    frame(
      T_LOG,
      Buffer.from(`\n[BinaryGate: ${logOmitted - logTail.length} characters of log omitted]\n${logTail}`, "utf8"),
    );
  }
  logSent = 0;
  logTail = "";
  logOmitted = 0;
}

for (const stream of [process.stdout, process.stderr]) {
  stream.write = function write(chunk, encoding, cb) {
    logWrite(chunk, encoding);
    const done = typeof encoding === "function" ? encoding : cb;
    if (typeof done === "function") process.nextTick(done);
    return true;
  };
}

// Lambda's Node runtime prefixes console output with time, request id and level.
const LEVELS = { log: "INFO", info: "INFO", warn: "WARN", error: "ERROR", debug: "DEBUG", trace: "TRACE" };
for (const [method, level] of Object.entries(LEVELS)) {
  console[method] = (...args) => {
    let msg = util.format(...args);
    if (method === "trace") msg += "\n" + (new Error().stack || "").split("\n").slice(2).join("\n");
    logWrite(`${new Date().toISOString()}\t${currentId}\t${level}\t${msg.replace(/\n/g, "\r")}\n`);
  };
}

// ---- errors (the shape of Lambda's Node runtime: errorType, errorMessage, trace) -----------------------
function toRapidResponse(error) {
  try {
    if (
      util.types.isNativeError(error) ||
      (error && typeof error === "object" && typeof error.name === "string" && typeof error.message === "string")
    ) {
      return {
        errorType: String(error.name),
        errorMessage: String(error.message),
        trace: typeof error.stack === "string" ? error.stack.split("\n") : [],
      };
    }
    return { errorType: typeof error, errorMessage: String(error), trace: [] };
  } catch {
    return {
      errorType: "handled",
      errorMessage:
        "callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack",
    };
  }
}

function sendError(payload, fatal) {
  const json = Buffer.from(JSON.stringify(payload), "utf8");
  const body = Buffer.allocUnsafe(1 + json.length);
  body[0] = fatal ? 1 : 0;
  json.copy(body, 1);
  frame(T_ERROR, body);
}

const SIZE_ERROR = {
  errorMessage: `Response payload size exceeded maximum allowed payload size (${RESPONSE_LIMIT} bytes).`,
  errorType: "Function.ResponseSizeTooLarge",
};

// ---- handler loading (resolved like Lambda's Node runtime: file.js / .mjs / .cjs under the task root) --
const taskRoot = process.env.LAMBDA_TASK_ROOT || process.cwd();
const handlerString = process.env._HANDLER || "";

class UserError extends Error {
  constructor(name, message) {
    super(message);
    this.name = name;
  }
}

function isEsmPackage(dir) {
  // The nearest package.json decides .js files, as in Node itself.
  for (let d = dir; d.startsWith(taskRoot); d = path.dirname(d)) {
    const p = path.join(d, "package.json");
    if (fs.existsSync(p)) {
      try {
        return JSON.parse(fs.readFileSync(p, "utf8")).type === "module";
      } catch {
        return false;
      }
    }
    if (d === taskRoot) break;
  }
  return false;
}

async function loadModule(base) {
  const candidates = [
    [base + ".js", null],
    [base + ".mjs", true],
    [base + ".cjs", false],
  ];
  for (const [file, esm] of candidates) {
    if (!fs.existsSync(file)) continue;
    const asEsm = esm === null ? isEsmPackage(path.dirname(file)) : esm;
    try {
      return asEsm ? await import(pathToFileURL(file).href) : require(file);
    } catch (e) {
      if (e instanceof SyntaxError) throw new UserError("Runtime.UserCodeSyntaxError", `${e.name}: ${e.message}`);
      if (e && (e.code === "MODULE_NOT_FOUND" || e.code === "ERR_MODULE_NOT_FOUND")) {
        throw new UserError("Runtime.ImportModuleError", `Error: ${e.message}`);
      }
      throw e;
    }
  }
  throw new UserError(
    "Runtime.ImportModuleError",
    `Error: Cannot find module '${path.basename(base)}'\nRequire stack:\n- ${__filename}`,
  );
}

async function loadHandler() {
  const slash = handlerString.lastIndexOf("/");
  const dir = handlerString.slice(0, slash + 1);
  const rest = handlerString.slice(slash + 1);
  const dot = rest.indexOf(".");
  if (dot <= 0 || dot === rest.length - 1) throw new UserError("Runtime.MalformedHandlerName", "Bad handler");
  const mod = await loadModule(path.resolve(taskRoot, dir + rest.slice(0, dot)));
  let fn = mod;
  for (const key of rest.slice(dot + 1).split(".")) fn = fn == null ? undefined : fn[key];
  if (typeof fn !== "function")
    throw new UserError("Runtime.HandlerNotFound", `${handlerString} is undefined or not exported`);
  return fn;
}

// ---- invocations ---------------------------------------------------------------------------------------
let handler;
let current = null; // { id, mode, settled }
const functionName = process.env.AWS_LAMBDA_FUNCTION_NAME;

function settle(inv, err, result) {
  if (inv.settled) return;
  inv.settled = true;
  if (current === inv) current = null;
  flushLogs();
  if (err !== null && err !== undefined) {
    const payload = toRapidResponse(err);
    logWrite(`${new Date().toISOString()}\t${inv.id}\tERROR\tInvoke Error \t${JSON.stringify(payload)}\n`);
    flushLogs();
    return sendError(payload, false);
  }
  if (inv.mode === MODE_PROXY) return inv.conversion ? sendResponse(result, inv.conversion) : sendProxy(result);
  let json;
  try {
    json = JSON.stringify(result === undefined ? null : result);
    if (json === undefined) json = "null";
  } catch {
    return sendError(toRapidResponse(new Error("Unable to stringify response body")), false);
  }
  const bytes = Buffer.from(json, "utf8");
  if (bytes.length > RESPONSE_LIMIT) return sendError(SIZE_ERROR, false);
  frame(T_RESULT, bytes);
}

function sendProxy(result) {
  let split;
  try {
    split = splitProxyResult(result, encodeMemo);
  } catch {
    return sendError(toRapidResponse(new Error("Unable to stringify response body")), false);
  }
  if (split.resultJsonBytes > RESPONSE_LIMIT) return sendError(SIZE_ERROR, false);
  sendWithBody(T_PROXY, Buffer.from(split.envelopeJson, "utf8"), split.resultJsonBytes, split.body);
}

// The conversion needs the body's JSON size (Lambda's limit, docs/aws-binary-rules.md §8), not its UTF-8 bytes:
// measured without allocating, and not rescanned for the very same string (strings are immutable, so `===` is a safe
// key).
let measuredString = null;
let measuredBytes = 0;
function measureMemo(s) {
  if (measuredString !== null && s === measuredString) return measuredBytes;
  measuredBytes = measureString(s);
  measuredString = s;
  return measuredBytes;
}

// Large bodies are decoded into one reused buffer: a fresh megabyte per response (page faults on first touch,
// then GC and munmap) cost more than the decode itself. Safe to reuse: the bytes go to the body file
// synchronously, before this worker can get another invocation. Small bodies go inline and get their own.
let decodeBuf = null;
function decodeInto(n) {
  if (n < FILE_BODY_MIN || bodyFd < 0) return Buffer.allocUnsafe(n);
  if (decodeBuf === null || decodeBuf.length < n) decodeBuf = Buffer.allocUnsafeSlow(n);
  return decodeBuf.subarray(0, n);
}

/** The proxy result converted here by lib/binary, sent as the final client response (RESPONSE frame). */
function sendResponse(result, conv) {
  const lib = loadBinary();
  if (!lib) return sendProxy(result);
  let bodyString;
  let split;
  try {
    split = splitProxyResult(result, (s) => {
      bodyString = s;
      return { bytes: undefined, jsonBytes: measureMemo(s) };
    });
  } catch {
    return sendError(toRapidResponse(new Error("Unable to stringify response body")), false);
  }
  // Lambda's response limit applies to the result as sent, before API Gateway looks at it (docs/aws-binary-rules.md §8,
  // R30).
  if (split.resultJsonBytes > lib.LAMBDA_RESPONSE_LIMIT_BYTES) return sendError(SIZE_ERROR, false);
  const accept = typeof conv.accept === "string" ? conv.accept : null;
  const types = Array.isArray(conv.types) ? conv.types : [];
  // Converted on every invocation: no memo of earlier responses, so each request pays API Gateway's decode
  // (the benchmark measures that work, not a cache). API Gateway sees the result as JSON carries it (undefined
  // dropped, NaN → null, toJSON applied), so the envelope is converted from its JSON with the body string put back.
  const received = JSON.parse(split.envelopeJson);
  if (bodyString !== undefined) received.body = bodyString;
  let response;
  try {
    response = lib.lambdaResultToResponse(received, accept, types, { decodeInto });
  } catch {
    // A bug in the conversion: let the emulator run its own (same rules) and report it there.
    return sendProxy(result);
  }
  const meta =
    response.kind === "response"
      ? { kind: "response", statusCode: response.statusCode, headers: response.headers, bodyMode: response.bodyMode }
      : {
          kind: "error",
          statusCode: response.statusCode,
          headers: response.headers,
          reason: response.reason,
          detail: response.detail,
        };
  const b = response.body;
  const body = Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  sendWithBody(T_RESPONSE, Buffer.from(JSON.stringify(meta), "utf8"), split.resultJsonBytes, body);
}

/** A PROXY or RESPONSE frame: [u32 metaLen][f64 resultJsonBytes][u8 body mode][meta][body inline | u32 length]. */
function sendWithBody(type, meta, resultJsonBytes, body) {
  let mode = body ? BODY_INLINE : BODY_NONE;
  if (body && body.length >= FILE_BODY_MIN && bodyFd >= 0) {
    try {
      // The emulator reads the file before this worker gets another invocation, so rewriting it is safe.
      if (fileHolds !== body) {
        let off = 0;
        while (off < body.length) off += fs.writeSync(bodyFd, body, off, body.length - off, off);
        fileHolds = body;
      }
      mode = BODY_FILE;
    } catch {
      fileHolds = null;
      mode = BODY_INLINE;
    }
  }
  const inline = mode === BODY_INLINE ? body.length : mode === BODY_FILE ? 4 : 0;
  const head = Buffer.allocUnsafe(5 + 13 + meta.length + (mode === BODY_FILE ? 4 : 0));
  head.writeUInt32LE(13 + meta.length + inline, 0);
  head[4] = type;
  head.writeUInt32LE(meta.length, 5);
  head.writeDoubleLE(resultJsonBytes, 9);
  head[17] = mode;
  meta.copy(head, 18);
  if (mode === BODY_FILE) {
    head.writeUInt32LE(body.length, 18 + meta.length);
    sock.write(head);
    return;
  }
  // Two writes, one writev: the body is never copied into a joined buffer.
  sock.cork();
  sock.write(head);
  if (mode === BODY_INLINE && body.length > 0) sock.write(body);
  process.nextTick(() => sock.uncork());
}

/** Resolves when nothing but the runtime's own handles keeps the event loop alive (Lambda's "empty loop"). */
function whenLoopEmpty(inv, baseline) {
  const check = () => {
    if (inv.settled) return;
    const active = process.getActiveResourcesInfo().filter((r) => r !== "Immediate").length;
    if (active <= baseline) settle(inv, null, null);
    else setTimeout(check, 5).unref();
  };
  setImmediate(check);
}

function onInvoke(body) {
  const headerLen = body.readUInt32LE(0);
  const header = JSON.parse(body.toString("utf8", 4, 4 + headerLen));
  let event;
  try {
    event = body.length === 4 + headerLen ? {} : JSON.parse(body.toString("utf8", 4 + headerLen));
  } catch (e) {
    frame(T_BAD_REQUEST, Buffer.from(String(e && e.message), "utf8"));
    return;
  }
  const inv = { id: header.id, mode: header.mode, conversion: header.conversion, settled: false };
  current = inv;
  currentId = header.id;
  const deadline = header.deadline;
  const context = {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION || "$LATEST",
    invokedFunctionArn: header.arn,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: header.id,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: (err, result) => settle(inv, err, result),
    succeed: (result) => settle(inv, null, result),
    fail: (err) => settle(inv, err === undefined || err === null ? "handled" : err, undefined),
  };
  const callback = (err, result) => settle(inv, err, result);
  const baseline = process.getActiveResourcesInfo().filter((r) => r !== "Immediate").length;
  let ret;
  try {
    ret = handler(event, context, callback);
  } catch (e) {
    settle(inv, e === undefined || e === null ? "handled" : e, undefined);
    return;
  }
  if (ret && typeof ret.then === "function") {
    ret.then(
      (r) => settle(inv, null, r),
      (e) => settle(inv, e === undefined || e === null ? "handled" : e, undefined),
    );
  } else if (!inv.settled && handler.length < 3) {
    // A synchronous handler without a callback: Lambda answers null once the event loop is empty.
    whenLoopEmpty(inv, baseline);
  }
}

function fatal(payload) {
  const inv = current;
  if (inv && !inv.settled) {
    inv.settled = true;
    flushLogs();
    sendError(payload, true);
  }
  // Let the error frame reach the emulator, then die: the emulator replaces this worker (as Lambda does).
  sock.end(() => process.exit(129));
  setTimeout(() => process.exit(129), 500).unref();
}

process.on("uncaughtException", (e) => fatal(toRapidResponse(e)));
process.on("unhandledRejection", (reason) => {
  const inner = toRapidResponse(reason);
  fatal({
    errorType: "Runtime.UnhandledPromiseRejection",
    errorMessage: `${inner.errorType}: ${inner.errorMessage}`,
    trace: inner.trace || [],
  });
});

const reader = new FrameReader((type, body) => {
  if (type === T_INVOKE) onInvoke(body);
});
sock.on("data", (chunk) => reader.push(chunk));

// ---- init ----------------------------------------------------------------------------------------------
const initStart = process.hrtime.bigint();
loadHandler().then(
  (fn) => {
    handler = fn;
    // Init Duration is the handler's own; lib/binary's load (for proxy conversion) comes after it is measured.
    const initMs = Number(process.hrtime.bigint() - initStart) / 1e6;
    loadBinary();
    flushLogs();
    frame(T_READY, Buffer.from(JSON.stringify({ initMs }), "utf8"));
  },
  (e) => {
    flushLogs();
    frame(T_INIT_ERROR, Buffer.from(JSON.stringify(toRapidResponse(e)), "utf8"));
  },
);
