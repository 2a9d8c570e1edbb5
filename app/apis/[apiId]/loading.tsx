/** Skeleton while the API itself loads; panels then stream in their own Suspense boundaries. */
export default function Loading() {
  return (
    <div className="animate-pulse space-y-3" aria-busy="true" aria-label="Loading">
      <div className="h-8 w-1/3 rounded bg-slate-200" />
      <div className="h-40 rounded bg-slate-100" />
      <div className="h-40 rounded bg-slate-100" />
    </div>
  );
}
