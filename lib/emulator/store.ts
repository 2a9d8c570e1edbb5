/**
 * The emulator's persisted state (model.ts) in `<stateDir>/state.json`, plus function zips under `code/`.
 * Durable: a mutation resolves only once its state is on disk (temp file, fsync, rename, fsync of the dir),
 * so a kill -9 leaves the previous or the new file, never a torn one (docs/security.md promise 11). Serialised: every
 * mutation runs after the previous one. Group commit: mutations that arrive while a write is in flight run
 * in order on the next draft and are written together, so 100 parallel patches cost a few writes.
 */
import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";
import type { Store } from "./contracts";
import { type EmulatorState, EmulatorStateSchema, emptyState } from "./model";

const STATE_FILE = "state.json";

/**
 * Runs a batch of mutations on ONE clone of the committed state (a clone per mutation costs O(state) each:
 * ~0.3 s for a 14 MB state, which 100 parallel patches would pay 100 times). When a mutation throws, its
 * partial changes are discarded by rebuilding the draft from the committed state and re-running the
 * mutations before it in this batch (their results are not delivered yet, so they are simply recomputed).
 */
function applyBatch(
  committed: EmulatorState,
  batch: Pending[],
): { draft: EmulatorState; done: Array<{ p: Pending; value: unknown }> } {
  let pending = batch;
  for (;;) {
    const draft = structuredClone(committed);
    const done: Array<{ p: Pending; value: unknown }> = [];
    let failedAt = -1;
    for (let i = 0; i < pending.length; i++) {
      try {
        done.push({ p: pending[i], value: pending[i].fn(draft) });
      } catch (err) {
        pending[i].reject(err);
        failedAt = i;
        break;
      }
    }
    if (failedAt < 0) return { draft, done };
    // Retry without the failed one; the loop ends because the list shrinks on every failure.
    pending = pending.filter((_, i) => i !== failedAt);
  }
}

interface Pending {
  fn: (draft: EmulatorState) => unknown;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

/** Opens (or creates) the store in `dir`; throws a clear Error naming the file when state.json is invalid. */
export async function openStore(dir: string): Promise<Store> {
  const absDir = path.resolve(dir);
  await fs.mkdir(absDir, { recursive: true });
  const file = path.join(absDir, STATE_FILE);
  // Leftover temp files are writes that never reached their rename: incomplete by construction.
  for (const name of await fs.readdir(absDir)) {
    if (name.startsWith(`${STATE_FILE}.tmp-`)) await fs.rm(path.join(absDir, name), { force: true });
  }
  const state = await loadState(file);
  return new FileStore(absDir, file, state);
}

/** Reads and validates state.json; a missing file is an empty state, anything unreadable is an error. */
export async function loadState(file: string): Promise<EmulatorState> {
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return emptyState();
    throw new Error(`BinaryGate emulator: cannot read state file ${file}: ${(err as Error).message}`);
  }
  const advice =
    "Fix or move the file aside, or start with --reset to delete the state directory (this discards all emulator data).";
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(
      `BinaryGate emulator: state file ${file} is corrupt: not valid JSON (${(err as Error).message}). ${advice}`,
    );
  }
  const parsed = EmulatorStateSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
      .join("; ");
    throw new Error(`BinaryGate emulator: state file ${file} is invalid: ${issues}. ${advice}`);
  }
  return parsed.data;
}

class FileStore implements Store {
  private queue: Pending[] = [];
  private writing = false;
  private closed = false;
  private idle: Array<() => void> = [];
  private seq = 0;
  /** How many state files were written (for tests of group commit). */
  writes = 0;

  constructor(
    readonly dir: string,
    private readonly file: string,
    private state: EmulatorState,
  ) {}

  read(): EmulatorState {
    return this.state;
  }

  mutate<T>(fn: (draft: EmulatorState) => T): Promise<T> {
    if (this.closed) return Promise.reject(new Error("The emulator's store is closed"));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      void this.pump();
    });
  }

  private async pump(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0);
        const { draft, done } = applyBatch(this.state, batch);
        if (done.length === 0) continue;
        try {
          await this.write(draft);
          this.state = draft;
          for (const { p, value } of done) p.resolve(value);
        } catch (err) {
          // Nothing reached disk: the in-memory state stays at the last durable version.
          for (const { p } of done) p.reject(err);
        }
      }
    } finally {
      this.writing = false;
      for (const wake of this.idle.splice(0)) wake();
    }
  }

  private async write(state: EmulatorState): Promise<void> {
    const tmp = `${this.file}.tmp-${process.pid}-${++this.seq}`;
    await writeDurably(tmp, JSON.stringify(state));
    await fs.rename(tmp, this.file);
    await fsyncDir(this.dir);
    this.writes++;
  }

  async saveCode(region: string, functionName: string, codeSha256: string, zip: Uint8Array): Promise<string> {
    const target = this.codePath(region, functionName, codeSha256);
    await fs.mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.tmp-${process.pid}-${++this.seq}`;
    await writeDurably(tmp, zip);
    await fs.rename(tmp, target);
    await fsyncDir(path.dirname(target));
    return target;
  }

  codePath(region: string, functionName: string, codeSha256: string): string {
    // Names and base64 hashes may hold characters unsafe in file names: hash them into the path instead.
    const safe = (s: string) =>
      /^[A-Za-z0-9_.-]{1,100}$/.test(s) && s !== "." && s !== ".."
        ? s
        : createHash("sha256").update(s).digest("hex").slice(0, 32);
    const sha = Buffer.from(codeSha256, "base64").toString("hex") || safe(codeSha256);
    return path.join(this.dir, "code", safe(region), safe(functionName), `${sha}.zip`);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.writing || this.queue.length > 0) await new Promise<void>((r) => this.idle.push(r));
  }
}

async function writeDurably(file: string, data: string | Uint8Array): Promise<void> {
  const handle = await fs.open(file, "w", 0o600);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function fsyncDir(dir: string): Promise<void> {
  // Makes the rename itself durable; some filesystems refuse fsync on a directory, which is then best effort.
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, "r");
    await handle.sync();
  } catch {
    /* best effort */
  } finally {
    await handle?.close();
  }
}

/** Deletes the state directory (--reset): deliberate, never done on a load error. */
export async function resetStateDir(dir: string): Promise<void> {
  await fs.rm(path.resolve(dir), { recursive: true, force: true });
}
