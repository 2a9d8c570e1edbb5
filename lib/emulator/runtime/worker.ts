/**
 * One warm worker process: spawned once, initialised once (the handler module loaded), then reused for
 * one invocation at a time. Results arrive as frames on fd 3 (frames.ts); stdout/stderr are the handler's.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync, readSync, rmSync } from "node:fs";
import type { Socket } from "node:net";
import {
  FrameReader,
  T_BAD_REQUEST,
  T_ERROR,
  T_INIT_ERROR,
  T_LOG,
  T_PROXY,
  T_READY,
  T_RESPONSE,
  T_RESULT,
  decodeProxyFrame,
  decodeResponseFrame,
  invokeFrame,
  type InvokeHeader,
  type ResponseMeta,
} from "./frames";
import { killTree } from "./process-tree";
import type { BodyPool } from "./body-pool";
import { LogBuffer } from "./log-buffer";

export { BodyPool } from "./body-pool";
export { LogBuffer } from "./log-buffer";

export interface WorkerSpec {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  /** A file (on tmpfs when there is one) the worker may put large proxy bodies in; created and removed here. */
  bodyFile?: string;
  /** Loading the handler must finish within this (Lambda's init phase is capped at 10 s). */
  initTimeoutMs: number;
  /** Where body-file reads get their buffers (default: a fresh buffer per body). */
  bodyPool?: BodyPool;
}

/** What a worker reported for one invocation (or what happened to it). */
export type RawOutcome =
  | { kind: "result"; json: Buffer }
  | { kind: "proxy"; envelopeJson: string; resultJsonBytes: number; body: Buffer | undefined; release?: () => void }
  | { kind: "response"; meta: ResponseMeta; resultJsonBytes: number; body: Buffer; release?: () => void }
  | { kind: "error"; payload: Buffer; fatal: boolean }
  | { kind: "bad-request"; message: string }
  | { kind: "timeout" }
  | { kind: "exit"; code: number | null; signal: NodeJS.Signals | null };

type State = "starting" | "ready" | "init-error" | "dead";

/** A warm worker process serving one function's invocations one at a time. */
export class Worker {
  readonly pid: number | undefined;
  state: State = "starting";
  /** Set when the worker must not serve again (fatal error, protocol fault): retired on release. */
  retiring = false;
  initError: Buffer | undefined;
  /** Set when the handler module did not finish loading in time (the process is killed). */
  initTimedOut = false;
  initMs: number | undefined;
  /** Whether the next invocation is this worker's first (AWS reports Init Duration then). */
  fresh = true;
  lastUsed = Date.now();
  exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  readonly ready: Promise<void>;

  private readonly proc: ChildProcess;
  private readonly sock: Socket;
  private readonly reader: FrameReader;
  private pending: { resolve: (o: RawOutcome) => void; log: LogBuffer; timer: NodeJS.Timeout | undefined } | null =
    null;
  private initLog = new LogBuffer();
  private resolveReady!: () => void;
  private readonly onGone: (w: Worker) => void;

  private bodyFd = -1;
  private bodyFileLinked = false;
  private readonly bodyFile: string | undefined;
  private readonly bodyPool: BodyPool | undefined;

  constructor(spec: WorkerSpec, onGone: (w: Worker) => void) {
    this.onGone = onGone;
    this.bodyPool = spec.bodyPool;
    if (spec.bodyFile) {
      try {
        this.bodyFd = openSync(spec.bodyFile, "w+", 0o600);
        this.bodyFile = spec.bodyFile;
        this.bodyFileLinked = true;
      } catch {
        // No body file: the worker sends every body inline.
      }
    }
    this.ready = new Promise((r) => (this.resolveReady = r));
    this.reader = new FrameReader((type, body) => this.onFrame(type, body));
    this.proc = spawn(spec.command, this.bodyFile ? [...spec.args, this.bodyFile] : spec.args, {
      cwd: spec.cwd,
      env: spec.env as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe", "pipe"],
      windowsHide: true,
      // Its own process group: the handler's children join it and die with it (process-tree.ts).
      detached: true,
    });
    this.pid = this.proc.pid;
    const initTimer = setTimeout(() => {
      if (this.state !== "starting") return;
      this.initTimedOut = true;
      this.kill();
    }, spec.initTimeoutMs);
    void this.ready.then(() => clearTimeout(initTimer));
    this.sock = this.proc.stdio[3] as Socket;
    this.sock.on("data", (chunk: Buffer) => {
      try {
        this.reader.push(chunk);
      } catch {
        // A worker that breaks the protocol is not trusted again.
        this.kill();
      }
    });
    this.sock.on("error", () => {});
    // The handler's raw stdout/stderr (writes that bypass console, native code): logged, best effort.
    for (const s of [this.proc.stdout, this.proc.stderr]) {
      s?.setEncoding("utf8");
      s?.on("data", (text: string) => this.log(text));
      s?.on("error", () => {});
    }
    this.proc.on("error", () => this.gone(null, null));
    this.proc.on("exit", (code, signal) => {
      // Whatever ended the worker (a timeout, process.exit, a crash), what it started goes with it.
      killTree(this.pid, false);
      // Frames already in the pipe are read before the worker counts as gone ('close' waits for the pipes;
      // the timer covers a grandchild that keeps them open).
      const t = setTimeout(() => this.gone(code, signal), 100);
      this.proc.once("close", () => {
        clearTimeout(t);
        this.gone(code, signal);
      });
    });
  }

  /** Whether the worker can take an invocation now or later. */
  get alive(): boolean {
    return this.state !== "dead" && !this.retiring;
  }

  /** Runs one invocation; resolves with what the worker reported, a timeout or its exit. Never rejects. */
  invoke(header: InvokeHeader, payload: Buffer, timeoutMs: number, log: LogBuffer): Promise<RawOutcome> {
    if (this.state !== "ready" || this.pending)
      return Promise.resolve({ kind: "exit", code: this.exit?.code ?? null, signal: this.exit?.signal ?? null });
    this.fresh = false;
    log.append(this.initLog.toString());
    this.initLog = new LogBuffer();
    return new Promise<RawOutcome>((resolve) => {
      const timer = setTimeout(
        () => {
          this.finish({ kind: "timeout" });
          this.kill();
        },
        Math.max(0, timeoutMs),
      );
      this.pending = { resolve, log, timer };
      const [head, body] = invokeFrame(header, payload);
      this.sock.cork();
      this.sock.write(head);
      if (body.length > 0) this.sock.write(body);
      process.nextTick(() => this.sock.uncork());
    });
  }

  /** Kills the process (SIGKILL: a hung handler must not get a say). */
  kill(): void {
    this.retiring = true;
    if (this.state !== "dead" && this.exit === undefined) killTree(this.pid, true);
  }

  private log(text: string): void {
    if (this.pending) this.pending.log.append(text);
    else this.initLog.append(text);
  }

  private finish(o: RawOutcome): void {
    const p = this.pending;
    if (!p) return;
    this.pending = null;
    if (p.timer) clearTimeout(p.timer);
    this.lastUsed = Date.now();
    p.resolve(o);
  }

  private onFrame(type: number, body: Buffer): void {
    switch (type) {
      case T_LOG:
        this.log(body.toString("utf8"));
        return;
      case T_PROXY: {
        const d = decodeProxyFrame(body);
        if (d.bodyFileLength === undefined) {
          this.finish({
            kind: "proxy",
            envelopeJson: d.envelopeJson,
            resultJsonBytes: d.resultJsonBytes,
            body: d.body,
          });
          return;
        }
        const read = this.readBodyFile(d.bodyFileLength);
        // A body file shorter than announced is a broken worker.
        if (!read) this.kill();
        else
          this.finish({
            kind: "proxy",
            envelopeJson: d.envelopeJson,
            resultJsonBytes: d.resultJsonBytes,
            body: read.buf,
            release: read.release,
          });
        return;
      }
      case T_RESPONSE: {
        // Throws on a malformed frame: the data handler then kills the worker (a protocol fault).
        const d = decodeResponseFrame(body);
        const read =
          d.bodyFileLength === undefined
            ? { buf: d.body ?? Buffer.alloc(0), release: undefined }
            : this.readBodyFile(d.bodyFileLength);
        if (!read) this.kill();
        else
          this.finish({
            kind: "response",
            meta: d.meta,
            resultJsonBytes: d.resultJsonBytes,
            body: read.buf,
            release: read.release,
          });
        return;
      }
      case T_RESULT:
        this.finish({ kind: "result", json: body });
        return;
      case T_ERROR: {
        const fatal = body[0] === 1;
        if (fatal) this.retiring = true;
        this.finish({ kind: "error", payload: body.subarray(1), fatal });
        return;
      }
      case T_BAD_REQUEST:
        this.finish({ kind: "bad-request", message: body.toString("utf8") });
        return;
      case T_READY:
        this.unlinkBodyFile();
        if (this.state === "starting") {
          this.state = "ready";
          try {
            this.initMs = Number((JSON.parse(body.toString("utf8")) as { initMs?: number }).initMs) || 0;
          } catch {
            this.initMs = 0;
          }
          this.resolveReady();
        }
        return;
      case T_INIT_ERROR:
        this.unlinkBodyFile();
        if (this.state === "starting") {
          this.state = "init-error";
          this.initError = Buffer.from(body);
          this.resolveReady();
        }
        return;
      default:
        this.kill();
    }
  }

  /**
   * Copies a body out of the worker's body file into a buffer of our own (the worker rewrites the file only
   * on its next invocation, which cannot start before this returns). One synchronous read from tmpfs: ~0.1 ms
   * per 100 KiB, and on a busy 2-core machine measurably cheaper than a thread-pool round trip (ipc-bench and
   * `npm run bench` gave ~20% more requests/s at 100 KiB and 1 MiB than an async fs.read).
   */
  private readBodyFile(length: number): { buf: Buffer; release: (() => void) | undefined } | undefined {
    if (this.bodyFd < 0) return undefined;
    const taken = this.bodyPool?.take(length);
    const buf = taken ? taken.buf : Buffer.allocUnsafe(length);
    let off = 0;
    try {
      while (off < length) {
        const n = readSync(this.bodyFd, buf, off, length - off, off);
        if (n === 0) return undefined;
        off += n;
      }
    } catch {
      return undefined;
    }
    return { buf, release: taken?.release };
  }

  /**
   * Removes the body file's name once both processes hold it open (the worker opens it before it loads the
   * handler): the memory is then freed by the kernel whenever both are gone, even after a kill -9.
   */
  private unlinkBodyFile(): void {
    if (!this.bodyFileLinked || !this.bodyFile) return;
    this.bodyFileLinked = false;
    rmSync(this.bodyFile, { force: true });
  }

  /** The pending invocation's log (or init log) so far, for error outcomes built by the caller. */
  takeInitLog(): string {
    const s = this.initLog.toString();
    this.initLog = new LogBuffer();
    return s;
  }

  private gone(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.state === "dead") return;
    this.state = "dead";
    this.exit = { code, signal };
    this.finish({ kind: "exit", code, signal });
    this.resolveReady();
    this.sock.destroy();
    if (this.bodyFd >= 0) {
      closeSync(this.bodyFd);
      this.bodyFd = -1;
    }
    this.unlinkBodyFile();
    this.onGone(this);
  }
}
