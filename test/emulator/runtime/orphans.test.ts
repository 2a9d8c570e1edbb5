/**
 * Nothing a handler starts outlives the emulator: when the emulator process dies (even killed -9), each warm
 * worker sees its pipe close and takes its whole process group with it — Node and Python alike.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "../../..");
const dir = mkdtempSync(path.join(os.tmpdir(), "bg-orphans-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** PIDs of live processes whose command line is exactly `sleep <arg>`. */
function sleepers(arg: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/cmdline`, "utf8") === `sleep\0${arg}\0`) found.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

const HOST = (arg: string) => `
import { zipSync, strToU8 } from ${JSON.stringify(path.join(root, "node_modules/fflate/esm/index.mjs"))};
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { createRuntime } from ${JSON.stringify(path.join(root, "lib/emulator/runtime/index.ts"))};
const dir = ${JSON.stringify(dir)};
const sources = {
  node: ["nodejs20.x", "index.handler", "index.js",
    'const { spawn } = require("node:child_process");\\nexports.handler = async () => { spawn("sleep", ["${arg}"], { stdio: "ignore" }).unref(); return 1; };'],
  py: ["python3.12", "f.handler", "f.py",
    'import subprocess\\ndef handler(event, context):\\n    subprocess.Popen(["sleep", "${arg}"])\\n    return 1\\n'],
};
const zips = new Map();
const runtime = createRuntime({ codePath: (r, n) => zips.get(n), workDir: path.join(dir, "work"), accountId: "123456789012" });
for (const [name, [rt, handler, file, code]] of Object.entries(sources)) {
  const zip = zipSync({ [file]: strToU8(code) });
  const zipPath = path.join(dir, name + ".zip");
  writeFileSync(zipPath, zip);
  zips.set(name, zipPath);
  const fn = { name, arn: "arn:aws:lambda:eu-west-1:123456789012:function:" + name, runtime: rt, handler, role: "r",
    description: "", timeout: 5, memorySize: 256, environment: {}, architectures: ["x86_64"],
    codeSha256: createHash("sha256").update(zip).digest("base64"), codeSize: zip.length, lastModified: "",
    revisionId: "r", version: "$LATEST", state: "Active", tags: {} };
  const o = await runtime.invoke({ fn, region: "eu-west-1", payload: Buffer.from("{}"), requestId: name });
  if (o.kind !== "ok") throw new Error(o.payload.toString());
}
console.log("ready");
setInterval(() => {}, 1000);
`;

describe("when the emulator dies", () => {
  it.runIf(existsSync("/proc/self/cmdline"))(
    "its workers end their handlers' child processes",
    async () => {
      const arg = `300.${process.pid}77`;
      const script = path.join(dir, "host.mts");
      writeFileSync(script, HOST(arg));
      const host = spawn(process.execPath, ["--import", "tsx", script], {
        cwd: root,
        stdio: ["ignore", "pipe", "pipe"],
      });
      let out = "";
      await new Promise<void>((resolve, reject) => {
        host.stdout.on("data", (c) => ((out += c), out.includes("ready") && resolve()));
        host.stderr.on("data", (c) => (out += c));
        host.once("exit", (code) => reject(new Error(`host exited ${code}: ${out}`)));
      });
      expect(sleepers(arg)).toHaveLength(2);
      host.kill("SIGKILL");
      for (let i = 0; i < 60 && sleepers(arg).length > 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(sleepers(arg)).toEqual([]);
    },
    30_000,
  );
});
