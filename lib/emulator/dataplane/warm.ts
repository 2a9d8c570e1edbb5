/**
 * Warm-up of the functions a deployed stage can reach: each gets one worker before its first request, so the
 * first call after `npm start` (or after a deployment or a code change) does not pay for a process start and
 * the handler's load. Best effort: a function that cannot start reports that when it is invoked.
 */
import type { EmulatorContext } from "../contracts";
import type { EmulatorState, FunctionRecord } from "../model";
import { resolveFunction } from "./lambda-proxy";

/** The Lambda functions that AWS_PROXY integrations of deployed stages point at, once each. */
export function reachableFunctions(state: EmulatorState): { region: string; fn: FunctionRecord }[] {
  const found = new Map<string, { region: string; fn: FunctionRecord }>();
  for (const region of Object.keys(state.regions)) {
    for (const api of Object.values(state.regions[region].restApis)) {
      for (const stage of Object.values(api.stages)) {
        const served = Object.hasOwn(api.deployments, stage.deploymentId) ? api.deployments[stage.deploymentId] : null;
        for (const resource of Object.values(served?.snapshot.resources ?? {})) {
          for (const method of Object.values(resource.methods ?? {})) {
            const integration = method.integration;
            if (!integration || integration.type !== "AWS_PROXY") continue;
            const ref = resolveFunction(integration, stage.variables);
            const fn = ref ? state.regions[ref.region]?.functions[ref.name] : undefined;
            if (ref && fn) found.set(`${ref.region}\u0000${ref.name}`, { region: ref.region, fn });
          }
        }
      }
    }
  }
  return [...found.values()];
}

const scheduled = new WeakSet<EmulatorContext>();

/**
 * Warms every reachable function that has no worker yet, on the next turn of the event loop (so a burst of
 * control-plane calls, e.g. a deployment script, triggers one pass, after the store holds their changes).
 */
export function warmReachable(ctx: EmulatorContext): void {
  const warm = ctx.runtime.warm;
  if (!warm || scheduled.has(ctx)) return;
  scheduled.add(ctx);
  setTimeout(() => {
    scheduled.delete(ctx);
    for (const { region, fn } of reachableFunctions(ctx.store.read())) warm.call(ctx.runtime, region, fn);
  }, 0).unref();
}
