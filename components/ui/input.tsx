import type { ComponentProps } from "react";
import { cn } from "@/lib/cn";

const field =
  "h-9 max-w-full rounded-md border border-slate-300 bg-white px-2.5 text-sm text-slate-900 placeholder:text-slate-500 " +
  "focus-visible:outline-2 focus-visible:outline-sky-600 aria-[invalid=true]:border-red-600 " +
  "dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100 dark:placeholder:text-slate-400 dark:aria-[invalid=true]:border-red-400";

/** A text input; set `aria-invalid` and `aria-describedby` for its error. */
export function Input({ className, ...props }: ComponentProps<"input">) {
  return <input className={cn(field, className)} {...props} />;
}

/** A native select styled like Input. */
export function Select({ className, ...props }: ComponentProps<"select">) {
  return <select className={cn(field, "pr-8", className)} {...props} />;
}
