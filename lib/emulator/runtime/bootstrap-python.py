# The Python worker: loads one function's handler like Lambda's Python runtime (module.function under
# LAMBDA_TASK_ROOT) and serves invocations from the emulator over fd 3, with the same framing as
# bootstrap-node.cjs: [u32 LE length][u8 type][body]. Output written to sys.stdout/sys.stderr is sent as
# LOG frames so it stays ordered with the result.
import importlib
import json
import os
import signal
import socket
import struct
import sys
import time
import traceback

# Frame types and INVOKE modes: the numbers of wire.cjs (test/emulator/runtime/wire.test.ts checks they agree).
T_INVOKE = 1
T_READY = 10
T_INIT_ERROR = 11
T_LOG = 12
T_RESULT = 13
T_PROXY = 14
T_ERROR = 15
T_BAD_REQUEST = 16
MODE_PROXY = 1
BODY_NONE = 0
BODY_INLINE = 1
RESPONSE_LIMIT = 6291556  # Lambda's synchronous response limit (docs/aws-binary-rules.md §8)
LOG_STREAM_CAP = 256 * 1024
LOG_TAIL = 4096

sock = socket.socket(fileno=3)
try:
    # Fewer round trips for large results through the pipe (Node cannot set this on its side).
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4 * 1024 * 1024)
except OSError:
    pass


def send_frame(ftype, *parts):
    total = sum(len(p) for p in parts)
    head = struct.pack("<IB", total, ftype)
    if total < 65536:
        sock.sendall(head + b"".join(parts))
        return
    sock.sendall(head)
    for p in parts:
        if p:
            sock.sendall(p)


class LogState:
    sent = 0
    tail = ""
    omitted = 0


def log_write(text):
    if not text:
        return
    if LogState.sent < LOG_STREAM_CAP:
        b = text.encode("utf-8", "replace")
        LogState.sent += len(b)
        send_frame(T_LOG, b)
        return
    LogState.omitted += len(text)
    LogState.tail = (LogState.tail + text)[-LOG_TAIL:]


def flush_logs():
    if LogState.omitted > 0:
        msg = "\n[BinaryGate: %d characters of log omitted]\n%s" % (LogState.omitted - len(LogState.tail), LogState.tail)
        send_frame(T_LOG, msg.encode("utf-8", "replace"))
    LogState.sent = 0
    LogState.tail = ""
    LogState.omitted = 0


class LogStream:
    encoding = "utf-8"
    errors = "replace"

    def write(self, s):
        if isinstance(s, bytes):
            s = s.decode("utf-8", "replace")
        log_write(s)
        return len(s)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def flush(self):
        pass

    def isatty(self):
        return False

    def fileno(self):
        raise OSError("log stream has no file descriptor")


sys.stdout = LogStream()
sys.stderr = LogStream()


def set_memory_cap():
    # Best effort (RLIMIT_AS counts address space, not RSS): the function's memory plus room for the interpreter.
    try:
        import resource

        mb = int(os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128"))
        limit = (mb + 256) * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except Exception:
        pass


class LambdaContext:
    def __init__(self, header):
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        self.invoked_function_arn = header.get("arn")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.aws_request_id = header.get("id")
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.identity = None
        self.client_context = None
        self._deadline = header.get("deadline", 0)

    def get_remaining_time_in_millis(self):
        return max(0, int(self._deadline - time.time() * 1000))


def error_payload(exc, request_id):
    # The shape of Lambda's Python runtime: errorMessage, errorType, requestId, stackTrace.
    tb = traceback.extract_tb(exc.__traceback__)
    return {
        "errorMessage": str(exc),
        "errorType": type(exc).__name__,
        "requestId": request_id or "",
        "stackTrace": traceback.format_list(tb),
    }


class UserError(Exception):
    def __init__(self, name, message):
        super().__init__(message)
        self.error_type = name


def load_handler():
    handler = os.environ.get("_HANDLER", "")
    task_root = os.environ.get("LAMBDA_TASK_ROOT", os.getcwd())
    sys.path.insert(0, task_root)
    try:
        modname, fname = handler.rsplit(".", 1)
    except ValueError:
        raise UserError("Runtime.MalformedHandlerName", "Bad handler '%s': not enough values to unpack (expected 2, got 1)" % handler)
    modname = modname.replace("/", ".")
    try:
        mod = importlib.import_module(modname)
    except ImportError as e:
        raise UserError("Runtime.ImportModuleError", "Unable to import module '%s': %s" % (modname, e))
    except SyntaxError as e:
        raise UserError("Runtime.UserCodeSyntaxError", "Syntax error in module '%s': %s" % (modname, e))
    fn = getattr(mod, fname, None)
    if fn is None:
        raise UserError("Runtime.HandlerNotFound", "Handler '%s' missing on module '%s'" % (fname, modname))
    return fn


def to_json(obj):
    # Lambda's Python runtime serialises with json.dumps defaults (", " and ": " separators, ASCII only).
    return json.dumps(obj)


def send_error(payload, fatal=False):
    send_frame(T_ERROR, bytes([1 if fatal else 0]) + json.dumps(payload).encode("utf-8"))


SIZE_ERROR = {
    "errorMessage": "Response payload size exceeded maximum allowed payload size (%d bytes)." % RESPONSE_LIMIT,
    "errorType": "Function.ResponseSizeTooLarge",
}


def serialization_error(e, request_id):
    return {
        "errorMessage": "Unable to marshal response: %s" % e,
        "errorType": "Runtime.MarshalError",
        "requestId": request_id or "",
        "stackTrace": [],
    }


def invoke(handler, body):
    (header_len,) = struct.unpack_from("<I", body, 0)
    header = json.loads(body[4 : 4 + header_len].decode("utf-8"))
    raw = body[4 + header_len :]
    try:
        event = json.loads(raw.decode("utf-8")) if raw else {}
    except Exception as e:
        send_frame(T_BAD_REQUEST, str(e).encode("utf-8"))
        return
    rid = header.get("id")
    try:
        result = handler(event, LambdaContext(header))
    except Exception as e:
        payload = error_payload(e, rid)
        log_write("[ERROR] %s: %s\nTraceback (most recent call last):\n%s" % (payload["errorType"], payload["errorMessage"], "".join(payload["stackTrace"])))
        flush_logs()
        send_error(payload)
        return
    flush_logs()
    try:
        full = to_json(result).encode("utf-8")
    except Exception as e:
        send_error(serialization_error(e, rid))
        return
    if len(full) > RESPONSE_LIMIT:
        send_error(SIZE_ERROR)
        return
    if header.get("mode") == MODE_PROXY and isinstance(result, dict) and isinstance(result.get("body"), str):
        envelope = {k: v for k, v in result.items() if k != "body"}
        env = json.dumps(envelope, ensure_ascii=False).encode("utf-8")
        body_bytes = result["body"].encode("utf-8", "replace")
        send_frame(T_PROXY, struct.pack("<IdB", len(env), float(len(full)), BODY_INLINE), env, body_bytes)
    elif header.get("mode") == MODE_PROXY:
        send_frame(T_PROXY, struct.pack("<IdB", len(full), float(len(full)), BODY_NONE), full)
    else:
        send_frame(T_RESULT, full)


def emulator_gone():
    # Nothing the handler started may outlive the emulator: this worker leads its own process group.
    try:
        os.killpg(os.getpid(), signal.SIGKILL)
    except OSError:
        pass
    sys.exit(0)


def read_exact(n):
    buf = bytearray(n)
    view = memoryview(buf)
    got = 0
    while got < n:
        k = sock.recv_into(view[got:], n - got)
        if k == 0:
            emulator_gone()
        got += k
    return buf


def main():
    set_memory_cap()
    start = time.time()
    try:
        handler = load_handler()
    except Exception as e:
        if isinstance(e, UserError):
            payload = {"errorMessage": str(e), "errorType": e.error_type, "requestId": "", "stackTrace": []}
        else:
            payload = error_payload(e, "")
        flush_logs()
        send_frame(T_INIT_ERROR, json.dumps(payload).encode("utf-8"))
        handler = None
    else:
        flush_logs()
        send_frame(T_READY, json.dumps({"initMs": (time.time() - start) * 1000}).encode("utf-8"))
    while True:
        length, ftype = struct.unpack("<IB", bytes(read_exact(5)))
        body = bytes(read_exact(length))
        if ftype == T_INVOKE and handler is not None:
            invoke(handler, body)


if __name__ == "__main__":
    main()
