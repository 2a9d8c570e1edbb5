import "server-only";

/**
 * Client-side rate limiting under API Gateway's control-plane quotas (docs/aws-binary-rules.md §8, docs/architecture.md
 * "Performance budget"): 10 calls/s with a burst of 40 per account, and CreateDeployment at most once
 * every 5 s. Callers WAIT for their turn (FIFO reservations), so two quick redeploy clicks queue rather
 * than fail. The clock is injectable so tests need not sleep.
 */

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** A token bucket whose tokens may go negative: each acquire reserves the next free slot. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly clock: Clock = systemClock,
  ) {
    this.tokens = burst;
    this.last = clock.now();
  }

  /** Milliseconds the caller must wait for its token (0 when one is free); the token is reserved. */
  reserve(): number {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.ratePerSecond);
    this.last = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.ratePerSecond) * 1000);
  }

  /** Resolves when the caller may make its call. */
  async acquire(): Promise<void> {
    const wait = this.reserve();
    if (wait > 0) await this.clock.sleep(wait);
  }
}

/** Spaces calls at least `intervalMs` apart, in arrival order. */
export class Spacer {
  private next = -Infinity;

  constructor(
    private readonly intervalMs: number,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Milliseconds until the caller's slot; the slot is reserved. */
  reserve(): number {
    const now = this.clock.now();
    const at = Math.max(now, this.next);
    this.next = at + this.intervalMs;
    return at - now;
  }

  /** Resolves at the caller's slot. */
  async acquire(): Promise<void> {
    const wait = this.reserve();
    if (wait > 0) await this.clock.sleep(wait);
  }
}

/** AWS's per-account control-plane quotas (docs/aws-binary-rules.md §8). */
export const CONTROL_PLANE_RATE_PER_SECOND = 10;
export const CONTROL_PLANE_BURST = 40;
export const CREATE_DEPLOYMENT_INTERVAL_MS = 5000;
/** GetResources: 5 every 2 s (docs/aws-binary-rules.md §8). */
export const GET_RESOURCES_RATE_PER_SECOND = 2.5;
export const GET_RESOURCES_BURST = 5;

/**
 * Lambda's control-plane quota: 15 requests/s per account and region for most operations, GetPolicy included
 * (AWS "Lambda quotas"); the doctor's Lambda calls (Invoke included, which has far larger quotas) share it so
 * that a doctor run can never be the reason a user's own deploy tooling is throttled.
 */
export const LAMBDA_RATE_PER_SECOND = 15;
export const LAMBDA_BURST = 15;
/** The Lambda operations lib/aws makes; they count against Lambda's bucket, not API Gateway's. */
export const LAMBDA_OPERATIONS: ReadonlySet<string> = new Set(["Invoke", "GetFunction", "GetPolicy", "AddPermission"]);

/** The limits of one account. */
export class AccountLimiter {
  readonly all: TokenBucket;
  readonly createDeployment: Spacer;
  readonly getResources: TokenBucket;
  readonly lambda: TokenBucket;

  constructor(readonly clock: Clock = systemClock) {
    this.all = new TokenBucket(CONTROL_PLANE_RATE_PER_SECOND, CONTROL_PLANE_BURST, clock);
    this.createDeployment = new Spacer(CREATE_DEPLOYMENT_INTERVAL_MS, clock);
    this.getResources = new TokenBucket(GET_RESOURCES_RATE_PER_SECOND, GET_RESOURCES_BURST, clock);
    this.lambda = new TokenBucket(LAMBDA_RATE_PER_SECOND, LAMBDA_BURST, clock);
  }

  /** Waits until `operation` may be sent: its own quota first, then the account-wide bucket (Lambda: its own). */
  async acquire(operation: string): Promise<void> {
    if (LAMBDA_OPERATIONS.has(operation)) return this.lambda.acquire();
    if (operation === "CreateDeployment") await this.createDeployment.acquire();
    else if (operation === "GetResources") await this.getResources.acquire();
    await this.all.acquire();
  }
}

const limiters = new Map<string, AccountLimiter>();

/** The process-wide limiter of one account (keyed by target, since one target is one account). */
export function limiterFor(accountKey: string): AccountLimiter {
  let limiter = limiters.get(accountKey);
  if (!limiter) {
    limiter = new AccountLimiter();
    limiters.set(accountKey, limiter);
  }
  return limiter;
}
