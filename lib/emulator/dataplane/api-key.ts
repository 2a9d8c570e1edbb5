/**
 * The data plane's API-key step: a method deployed with `apiKeyRequired` answers 403 {"message":"Forbidden"}
 * unless the request's `x-api-key` is an enabled key in a usage plan that lists this API's stage, as on AWS
 * (apiKeySource HEADER; an AUTHORIZER source needs a Lambda authorizer, which the emulator does not run). Keys
 * and plans are read live, as AWS applies them without a deployment.
 */
import type { Routed } from "./invocation";
import { InvalidApiKey } from "./gateway-responses";

/** Passes the request on, or throws AWS's 403 for a missing, unknown, disabled or unplanned key. */
export function checkApiKey(inv: Routed): Routed {
  if (!inv.method.apiKeyRequired) return inv;
  const sent = inv.req.headers["x-api-key"];
  const value = Array.isArray(sent) ? sent[0] : sent;
  if (!value) throw new InvalidApiKey("no x-api-key header");
  const region = inv.ctx.store.read().regions[inv.region];
  const key = Object.values(region?.apiKeys ?? {}).find((k) => k.value === value);
  if (!key?.enabled) throw new InvalidApiKey("unknown or disabled API key");
  const planned = Object.values(region?.usagePlans ?? {}).some(
    (p) =>
      p.keyIds.includes(key.id) && p.apiStages.some((s) => s.apiId === inv.api.id && s.stage === inv.stage.stageName),
  );
  if (!planned) throw new InvalidApiKey(`API key ${key.id} is in no usage plan for this stage`);
  return inv;
}
