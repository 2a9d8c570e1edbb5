import "server-only";
import { getConfig } from "@/lib/config";
import { accountKey } from "./clients";
import { customEndpoint } from "./target";
import { isConflict, isThrottle, retryAfterMs, toFailure, type CallContext } from "./errors";
import { limiterFor, systemClock, type Clock } from "./limiter";
import { type AwsResult, err, ok } from "./types";

/**
 * Every control-plane call goes through here: the account's rate limiter, a bounded, jittered retry of
 * 429 throttling and 409 "concurrent modification" (docs/security.md promise 8: neither answer means the change was
 * applied, so a patch is still applied at most once), and mapping of failures to AwsFailure values.
 * Network errors are never retried: a request that may have reached the target is not sent twice.
 */

export interface RetryPolicy {
  tries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  clock: Clock;
  random: () => number;
}

/** 3 tries, 200 ms then ~400 ms (±50 % jitter), honouring Retry-After up to 5 s. */
export const retryPolicy: RetryPolicy = {
  tries: 3,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  clock: systemClock,
  random: Math.random,
};

/** Runs one SDK call under the limiter with retries; returns a value, throws only for bugs. */
export async function runCall<T>(
  ctx: Omit<CallContext, "target" | "endpoint">,
  send: () => Promise<T>,
): Promise<AwsResult<T>> {
  const config = getConfig();
  // The unreachable message names the URL the dashboard was pointed at: the emulator, or a custom endpoint.
  const full: CallContext = {
    ...ctx,
    target: config.target,
    endpoint: config.target === "local" ? config.emulatorUrl : customEndpoint(),
  };
  const limiter = limiterFor(accountKey());
  for (let attempt = 1; ; attempt++) {
    await limiter.acquire(ctx.operation);
    try {
      return ok(await send());
    } catch (e) {
      const retriable = isThrottle(e) || isConflict(e);
      if (!retriable || attempt >= retryPolicy.tries) return err(toFailure(e, full));
      const backoff = retryPolicy.baseDelayMs * 2 ** (attempt - 1) * (0.5 + retryPolicy.random());
      const delay = Math.min(retryPolicy.maxDelayMs, Math.max(backoff, retryAfterMs(e) ?? 0));
      await retryPolicy.clock.sleep(delay);
    }
  }
}

const chains = new Map<string, Promise<unknown>>();

/** Serialises writes to one API (docs/security.md promise 7) so that read-then-patch sequences do not interleave. */
export function serialised<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const prev = chains.get(key) ?? Promise.resolve();
  const next = prev.then(fn, fn);
  const settled = next.then(
    () => undefined,
    () => undefined,
  );
  chains.set(key, settled);
  void settled.then(() => {
    if (chains.get(key) === settled) chains.delete(key);
  });
  return next;
}
