import { Suspense } from "react";
import { BackLink } from "@/components/apis/back-link";

/** The one not-found page (served with HTTP 404): what was missing and the way back to the list. */
export function NotFoundView({ title, detail }: { title: string; detail: string }) {
  return (
    <div className="space-y-3" data-testid="not-found">
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900 dark:text-slate-100">{title}</h1>
      <p className="text-sm text-slate-700 dark:text-slate-300">{detail}</p>
      <Suspense
        fallback={
          <a href="/" className="text-sm font-medium text-sky-800 underline dark:text-sky-300">
            ← All REST APIs
          </a>
        }
      >
        <BackLink />
      </Suspense>
    </div>
  );
}
