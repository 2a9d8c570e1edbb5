import type { Metrics } from "./contracts";

/** Per-service, per-operation call counts and errors by type since the emulator started (/_binarygate/metrics). */
export function createMetrics(): Metrics {
  const startedAt = new Date().toISOString();
  const calls: Record<string, Record<string, number>> = {};
  const errors: Record<string, Record<string, number>> = {};
  const bump = (table: Record<string, Record<string, number>>, a: string, b: string) => {
    const row = (table[a] ??= {});
    row[b] = (row[b] ?? 0) + 1;
  };
  return {
    count: (service, operation) => bump(calls, service, operation),
    error: (service, errorType) => bump(errors, service, errorType),
    snapshot: () => ({ startedAt, calls: structuredClone(calls), errors: structuredClone(errors) }),
  };
}
