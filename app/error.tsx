"use client";

import { ErrorAlert } from "@/components/error-alert";

/** Last-resort error boundary: a retry and the digest, never a stack (docs/conventions.md). */
export default function RootError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="space-y-3">
      <h1 className="text-2xl font-semibold tracking-tight">Something went wrong</h1>
      <ErrorAlert title="This page failed to load." digest={error.digest} onRetry={reset} />
    </div>
  );
}
