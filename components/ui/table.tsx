import type { HTMLAttributes, TdHTMLAttributes, ThHTMLAttributes } from "react";
import { cn } from "@/lib/cn";

// Below 640 px each row becomes a stacked card: the header row is hidden and every cell shows its column
// name (data-label) above its value, so a 390 px screen never scrolls sideways.
const stacked =
  "max-sm:block max-sm:[&_tbody]:block max-sm:[&_thead]:hidden " +
  "max-sm:[&_tr]:block max-sm:[&_tr]:border-b max-sm:[&_tr]:border-slate-200 max-sm:[&_tr]:py-2 dark:max-sm:[&_tr]:border-slate-700";

/**
 * A full-width table; wide tables scroll inside a box that keyboard users can focus (named by `label`),
 * narrow screens get stacked rows (give each Td its column's `label`).
 */
export function Table({ className, label, ...props }: HTMLAttributes<HTMLTableElement> & { label: string }) {
  return (
    <div
      role="region"
      aria-label={label}
      tabIndex={0}
      className="w-full overflow-x-auto rounded focus-visible:outline-2 focus-visible:outline-sky-600"
    >
      <table
        aria-label={label}
        className={cn("w-full border-collapse text-left text-sm", stacked, className)}
        {...props}
      />
    </div>
  );
}

/** A header cell. */
export function Th({ className, ...props }: ThHTMLAttributes<HTMLTableCellElement>) {
  return (
    <th
      scope="col"
      className={cn(
        "border-b border-slate-200 px-3 py-2 text-xs font-semibold tracking-wide text-slate-600 uppercase",
        "dark:border-slate-700 dark:text-slate-400",
        className,
      )}
      {...props}
    />
  );
}

/** A body cell; `label` is its column's name, shown above the value when rows stack on narrow screens. */
export function Td({ className, label, ...props }: TdHTMLAttributes<HTMLTableCellElement> & { label?: string }) {
  return (
    <td
      data-label={label}
      className={cn(
        "border-b border-slate-100 px-3 py-2 align-top text-slate-800 [overflow-wrap:anywhere] dark:border-slate-800 dark:text-slate-200",
        "max-sm:block max-sm:border-0 max-sm:px-0 max-sm:py-0.5",
        "max-sm:before:block max-sm:before:text-[11px] max-sm:before:font-semibold max-sm:before:tracking-wide",
        "max-sm:before:text-slate-600 max-sm:before:uppercase max-sm:before:content-[attr(data-label)] dark:max-sm:before:text-slate-400",
        className,
      )}
      {...props}
    />
  );
}
