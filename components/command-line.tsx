import { CopyButton } from "@/components/copy-button";

/** An AWS CLI command equivalent to a dashboard change, with a copy button. */
export function CommandLine({ command, label = "AWS CLI" }: { command: string; label?: string }) {
  return (
    <div className="flex items-start gap-2 rounded-md bg-slate-900 px-3 py-2 text-xs text-slate-100 dark:bg-slate-950 dark:ring-1 dark:ring-slate-700">
      <span className="sr-only">{label}</span>
      <code className="flex-1 font-mono break-all" data-testid="cli-command">
        {command}
      </code>
      <CopyButton text={command} label="Copy command" />
    </div>
  );
}
