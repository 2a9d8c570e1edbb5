/**
 * One wire: the frame numbers live in wire.cjs; the Node bootstrap and frames.ts take them from there, and the
 * Python bootstrap (which cannot) must repeat exactly the same numbers.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as wire from "../../../lib/emulator/runtime/wire.cjs";

const dir = path.resolve(__dirname, "../../../lib/emulator/runtime");

/** The Python bootstrap's top-level integer constants, read by Python's own parser (the module is not run). */
function pythonConstants(): Record<string, number> {
  const script = [
    "import ast, json, sys",
    "tree = ast.parse(open(sys.argv[1]).read())",
    "out = {}",
    "for node in tree.body:",
    "    if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and type(node.value.value) is int:",
    "        for t in node.targets:",
    "            if isinstance(t, ast.Name): out[t.id] = node.value.value",
    "print(json.dumps(out))",
  ].join("\n");
  const r = spawnSync("python3", ["-c", script, path.join(dir, "bootstrap-python.py")], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Record<string, number>;
}

describe("the worker wire", () => {
  it("bootstrap-python.py uses wire.cjs's frame types, INVOKE modes and body modes", () => {
    const py = pythonConstants();
    const shared = Object.keys(py).filter((k) => /^(T|MODE|BODY)_/.test(k));
    // The frames the Python worker sends or reads, at least.
    const needed = ["T_INVOKE", "T_READY", "T_INIT_ERROR", "T_LOG", "T_RESULT", "T_PROXY", "T_ERROR", "T_BAD_REQUEST"];
    for (const k of [...needed, "MODE_PROXY"]) expect(shared).toContain(k);
    for (const k of shared) expect([k, py[k]]).toEqual([k, (wire as unknown as Record<string, number>)[k]]);
  });

  it("gives every frame type its own number", () => {
    const types = Object.entries(wire).filter(([k]) => k.startsWith("T_"));
    expect(new Set(types.map(([, v]) => v)).size).toBe(types.length);
  });

  it.each(["bootstrap-node.cjs", "frames.ts", "worker.ts"])("%s defines no frame number of its own", (file) => {
    expect(readFileSync(path.join(dir, file), "utf8")).not.toMatch(/\bT_[A-Z_]+\s*=\s*\d/);
  });
});
