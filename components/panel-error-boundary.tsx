"use client";

import { useRouter } from "next/navigation";
import { Component, startTransition, type ReactNode } from "react";
import { ErrorAlert } from "@/components/error-alert";

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
      <ErrorAlert
        title={`${this.props.title} failed to render.`}
        digest={error.digest}
        onRetry={() => {
          this.props.onRetry();
          this.setState({ error: null });
        }}
      />
    );
  }
}

/**
 * One panel's error boundary (docs/conventions.md "an error.tsx per section"): a thrown bug in one streamed panel
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
