/**
 * A worker's whole process tree ends with it (docs/security.md promise 11): workers start as leaders of their own
 * process group, so a handler's children (and theirs) share the group and one kill(-pgid) reaches them, even
 * after the worker itself has exited. Children that left the group (setsid, `detached: true`) are found by
 * walking /proc from the worker while it still lives.
 */
import { readdirSync, readFileSync } from "node:fs";

/** Live descendants of `pid`, from /proc/<pid>/task/<tid>/children (empty where /proc is unavailable). */
export function descendantsOf(pid: number): number[] {
  const out: number[] = [];
  const walk = (p: number, depth: number) => {
    if (depth > 64) return;
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${p}/task`);
    } catch {
      return;
    }
    for (const t of tasks) {
      let kids: string;
      try {
        kids = readFileSync(`/proc/${p}/task/${t}/children`, "utf8");
      } catch {
        continue;
      }
      for (const k of kids.split(" ")) {
        if (k === "") continue;
        out.push(Number(k));
        walk(Number(k), depth + 1);
      }
    }
  };
  walk(pid, 0);
  return out;
}

/** SIGKILLs a worker, its process group and every descendant found under it; never throws. */
export function killTree(pid: number | undefined, leaderAlive: boolean): void {
  if (pid === undefined) return;
  // Collected before the kill: once the worker dies, its children are re-parented and no longer found under it.
  const strays = leaderAlive ? descendantsOf(pid) : [];
  for (const target of [-pid, ...(leaderAlive ? [pid] : []), ...strays]) {
    try {
      process.kill(target, "SIGKILL");
    } catch {
      // already gone (ESRCH), or a group that has no members left
    }
  }
}
