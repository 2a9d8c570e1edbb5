import { Suspense } from "react";
import { HeaderRegion } from "@/components/header-region";
import { Badge } from "@/components/ui/badge";

export interface SiteHeaderProps {
  targetLabel: string;
  region: string;
  account?: string;
  endpoint?: string;
  readOnly?: boolean;
}

/** The header every page shows: which target, account and region a change would hit (docs/security.md promise 10). */
export function SiteHeader({ targetLabel, region, account, endpoint, readOnly }: SiteHeaderProps) {
  return (
    <header className="border-b border-slate-200 bg-white dark:border-slate-700 dark:bg-slate-900">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-3">
        <a href="/" className="text-lg font-semibold tracking-tight text-slate-900 dark:text-slate-100">
          Binary<span className="text-sky-700 dark:text-sky-400">Gate</span>
        </a>
        <div className="flex min-w-0 flex-wrap items-center gap-2 text-sm" data-testid="target">
          <span className="font-medium text-slate-800 dark:text-slate-200" title={endpoint}>
            {targetLabel} ·{" "}
            <Suspense fallback={<span>{region}</span>}>
              <HeaderRegion defaultRegion={region} />
            </Suspense>
          </span>
          {account ? <Badge tone="neutral">account {account}</Badge> : null}
          {readOnly ? <Badge tone="warning">read-only</Badge> : null}
        </div>
      </div>
    </header>
  );
}
