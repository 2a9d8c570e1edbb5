// The store: durable, serialised, group-committed, rolled back on throw, validated on load (docs/security.md promise
// 11).
import { afterEach, describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { readFile, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { CreateRestApiCommand, GetRestApiCommand, UpdateRestApiCommand } from "@aws-sdk/client-api-gateway";
import { startEmulator } from "@/lib/emulator";
import { openStore } from "@/lib/emulator/store";
import { regionOf } from "@/lib/emulator/model";
import { apigw, tempDir } from "./helpers";

const dirs: string[] = [];
async function dir(): Promise<string> {
  const d = await tempDir("bg-store-");
  dirs.push(d);
  return d;
}
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

const onDisk = async (d: string) => JSON.parse(await readFile(path.join(d, "state.json"), "utf8"));

function addApi(name: string) {
  return (draft: Parameters<Parameters<Awaited<ReturnType<typeof openStore>>["mutate"]>[0]>[0]) => {
    regionOf(draft, "us-east-1").restApis[name] = {
      id: name,
      name,
      createdDate: 1,
      binaryMediaTypes: [],
      apiKeySource: "HEADER",
      endpointConfiguration: { types: ["EDGE"] },
      disableExecuteApiEndpoint: false,
      tags: {},
      rootResourceId: "r",
      resources: {},
      deployments: {},
      stages: {},
    };
    return name;
  };
}

describe("store", () => {
  it("a mutation is on disk when it resolves", async () => {
    const d = await dir();
    const store = await openStore(d);
    await store.mutate(addApi("aaaaaaaaaa"));
    expect(Object.keys((await onDisk(d)).regions["us-east-1"].restApis)).toEqual(["aaaaaaaaaa"]);
    expect(store.read().regions["us-east-1"].restApis.aaaaaaaaaa.name).toBe("aaaaaaaaaa");
    await store.close();
  });

  it("a throwing mutation changes nothing and rethrows; its neighbours in the same batch still apply", async () => {
    const d = await dir();
    const store = await openStore(d);
    // The first mutation keeps the writer busy, so the next three share one batch: the poisoned one's
    // partial change must vanish while "first" (already applied to the shared draft) survives a replay.
    const results = await Promise.allSettled([
      store.mutate(() => undefined),
      store.mutate(addApi("first00000")),
      store.mutate((draft) => {
        addApi("poisoned00")(draft);
        throw new Error("boom");
      }),
      store.mutate(addApi("third00000")),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled"]);
    expect((results[2] as PromiseRejectedResult).reason.message).toBe("boom");
    expect((store as unknown as { writes: number }).writes).toBe(2);
    expect(Object.keys(store.read().regions["us-east-1"].restApis).sort()).toEqual(["first00000", "third00000"]);
    expect(Object.keys((await onDisk(d)).regions["us-east-1"].restApis).sort()).toEqual(["first00000", "third00000"]);
    await store.close();
  });

  it("group commit: 100 parallel mutations all land in order with only a few writes", async () => {
    const d = await dir();
    const store = await openStore(d);
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        store.mutate((draft) => {
          order.push(i);
          addApi(`api${String(i).padStart(7, "0")}`)(draft);
        }),
      ),
    );
    expect(order).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(Object.keys((await onDisk(d)).regions["us-east-1"].restApis)).toHaveLength(100);
    const writes = (store as unknown as { writes: number }).writes;
    expect(writes).toBeGreaterThanOrEqual(1);
    expect(writes).toBeLessThanOrEqual(5);
    await store.close();
  });

  it("leftover temp files from an interrupted write are removed on open", async () => {
    const d = await dir();
    await writeFile(path.join(d, "state.json.tmp-999-1"), '{"half":');
    const store = await openStore(d);
    expect((await readdir(d)).filter((n) => n.includes(".tmp-"))).toEqual([]);
    await store.close();
  });

  it("saveCode writes the zip durably under code/ at codePath", async () => {
    const d = await dir();
    const store = await openStore(d);
    const sha = Buffer.from("x".repeat(32)).toString("base64");
    const p = await store.saveCode("us-east-1", "fn", sha, new Uint8Array([0x50, 0x4b, 3, 4]));
    expect(p).toBe(store.codePath("us-east-1", "fn", sha));
    expect(p.startsWith(path.join(d, "code"))).toBe(true);
    expect([...(await readFile(p))]).toEqual([0x50, 0x4b, 3, 4]);
    expect(store.codePath("us-east-1", "../../etc", sha)).not.toContain("..");
    await store.close();
  });
});

describe("persistence through the emulator", () => {
  it("data survives a restart on the same state dir", async () => {
    const d = await dir();
    const first = await startEmulator({ port: 0, stateDir: d });
    const api = await apigw(first.url).send(new CreateRestApiCommand({ name: "kept" }));
    await apigw(first.url).send(
      new UpdateRestApiCommand({
        restApiId: api.id!,
        patchOperations: [{ op: "add", path: "/binaryMediaTypes/image~1png" }],
      }),
    );
    await first.close();
    const second = await startEmulator({ port: 0, stateDir: d });
    try {
      const got = await apigw(second.url).send(new GetRestApiCommand({ restApiId: api.id! }));
      expect(got.name).toBe("kept");
      expect(got.binaryMediaTypes).toEqual(["image/png"]);
    } finally {
      await second.close();
    }
  });

  it("a corrupt state file stops the start with an error naming the file, and is left untouched", async () => {
    const d = await dir();
    const file = path.join(d, "state.json");
    await writeFile(file, '{"version":1,"regions":{');
    await expect(startEmulator({ port: 0, stateDir: d })).rejects.toThrow(
      `state file ${file} is corrupt: not valid JSON`,
    );
    expect(await readFile(file, "utf8")).toBe('{"version":1,"regions":{');
  });

  it("fields this version does not know survive a load and the next write (a newer version's state)", async () => {
    const d = await dir();
    const store0 = await openStore(d);
    await store0.mutate(addApi("keep"));
    await store0.close();
    const state = await onDisk(d);
    state.regions["us-east-1"].restApis.keep.fromTheFuture = { mode: "STREAM" };
    state.regions["us-east-1"].functions = {};
    state.futureTopLevel = [1, 2];
    await writeFile(path.join(d, "state.json"), JSON.stringify(state));
    const store = await openStore(d);
    await store.mutate(addApi("other"));
    await store.close();
    const after = await onDisk(d);
    expect(after.regions["us-east-1"].restApis.keep.fromTheFuture).toEqual({ mode: "STREAM" });
    expect(after.futureTopLevel).toEqual([1, 2]);
    expect(Object.keys(after.regions["us-east-1"].restApis).sort()).toEqual(["keep", "other"]);
  });

  it("a state file of the wrong shape is refused, naming the field", async () => {
    const d = await dir();
    const file = path.join(d, "state.json");
    await writeFile(
      file,
      JSON.stringify({ version: 1, regions: { "us-east-1": { restApis: { abc: { id: 42 } }, functions: {} } } }),
    );
    const err = await startEmulator({ port: 0, stateDir: d }).then(
      () => null,
      (e: Error) => e,
    );
    expect(err?.message).toContain(file);
    expect(err?.message).toContain("regions.us-east-1.restApis.abc.id");
    expect(existsSync(file)).toBe(true);
  });
});
