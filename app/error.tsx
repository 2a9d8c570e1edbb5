"use client";

import { ErrorAlert } from "@/components/error-alert";

/** Last-resort error boundary: a retry and the digest, never a stack (conventions.md). */
export default function RootError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorAlert title="This page failed to load." digest={error.digest} onRetry={reset} />;
}
