"use client";

import { ErrorAlert } from "@/components/error-alert";

/** The API page's error boundary: retry and digest, never a stack (docs/conventions.md). */
export default function ApiPageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="space-y-3">
      <h1 className="text-2xl font-semibold tracking-tight">Something went wrong</h1>
      <ErrorAlert title="This API page failed to render." digest={error.digest} onRetry={reset} />
    </div>
  );
}
