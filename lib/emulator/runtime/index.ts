// Placeholder until the runtime lands (replaced by its owner).
import type { Runtime } from "../contracts";

export interface RuntimeOptions {
  /** Path of a function's stored zip (Store.codePath). */
  codePath: (region: string, functionName: string, codeSha256: string) => string;
  /** Where extracted code and worker scratch space live (under the state dir). */
  workDir: string;
  accountId: string;
}

/** Creates the Lambda runtime. */
export function createRuntime(_options: RuntimeOptions): Runtime {
  const fail = (): never => {
    throw new Error("The Lambda runtime is not built yet");
  };
  return { invoke: async () => fail(), invokeProxy: async () => fail(), evict: () => {}, close: async () => {} };
}
