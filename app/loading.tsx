/** Skeleton while the API list loads. */
export default function Loading() {
  return (
    <div className="animate-pulse space-y-3" aria-busy="true" aria-label="Loading">
      <div className="h-10 rounded bg-slate-200" />
      <div className="h-64 rounded bg-slate-100" />
    </div>
  );
}
