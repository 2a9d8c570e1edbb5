"use client";

import { useRouter } from "next/navigation";
import { Component, startTransition, type ReactNode } from "react";

interface BoundaryProps {
  title: string;
  children: ReactNode;
  onRetry: () => void;
}

class Boundary extends Component<BoundaryProps, { error: (Error & { digest?: string }) | null }> {
  state: { error: (Error & { digest?: string }) | null } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-900">
        <p className="font-semibold">{this.props.title} failed to render.</p>
        {error.digest ? <p className="mt-1 font-mono text-xs">digest {error.digest}</p> : null}
        <button
          type="button"
          className="mt-3 rounded-md bg-red-700 px-3 py-1.5 text-white"
          onClick={() => {
            this.props.onRetry();
            this.setState({ error: null });
          }}
        >
          Retry
        </button>
      </div>
    );
  }
}

/**
 * One panel's error boundary (conventions.md "an error.tsx per section"): a thrown bug in one streamed panel
 * shows a retry and the digest in its place, never a stack, and the other panels keep working.
 */
export function PanelErrorBoundary({ title, children }: { title: string; children: ReactNode }) {
  const router = useRouter();
  return (
    <Boundary title={title} onRetry={() => startTransition(() => router.refresh())}>
      {children}
    </Boundary>
  );
}
