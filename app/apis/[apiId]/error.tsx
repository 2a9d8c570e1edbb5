"use client";

/** The API page's error boundary: retry and digest, never a stack (conventions.md). */
export default function ApiPageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-900">
      <p className="font-semibold">This API page failed to render.</p>
      {error.digest ? <p className="mt-1 font-mono text-xs">digest {error.digest}</p> : null}
      <button type="button" onClick={reset} className="mt-3 rounded-md bg-red-700 px-3 py-1.5 text-white">
        Retry
      </button>
    </div>
  );
}
