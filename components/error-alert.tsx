"use client";

import { Button } from "@/components/ui/button";

/**
 * A failed page or panel: what failed, the digest to quote in a bug report, and a retry — never a stack
 * (docs/conventions.md).
 */
export function ErrorAlert({ title, digest, onRetry }: { title: string; digest?: string; onRetry: () => void }) {
  return (
    <div
      role="alert"
      className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
    >
      <p className="font-semibold">{title}</p>
      {digest ? <p className="mt-1 font-mono text-xs">digest {digest}</p> : null}
      <Button variant="danger" size="sm" className="mt-3" onClick={onRetry}>
        Retry
      </Button>
    </div>
  );
}
