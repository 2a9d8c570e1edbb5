"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import type { ScanSnapshot } from "@/lib/fleet/scan";

type Poll = ScanSnapshot | { state: "none" };

const POLL_MS = 1_000;

/**
 * The fleet scan's controls: the estimate before it starts (calls ÷ 10 per second), a progress bar, Cancel, and
 * the summary. Progress is polled from /api/scan; the list re-renders with the results when the scan ends.
 */
export function ScanPanel({
  region,
  apiCount,
  estimate,
}: {
  region: string;
  apiCount: number;
  estimate: { calls: number; seconds: number };
}) {
  const router = useRouter();
  const [all, setAll] = useState(false);
  const [snap, setSnap] = useState<Poll | null>(null);
  const [error, setError] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const url = `/api/scan?region=${encodeURIComponent(region)}&all=${all ? 1 : 0}`;

  const poll = useCallback(async () => {
    const res = await fetch(url, { cache: "no-store" });
    const body = (await res.json()) as Poll & { message?: string };
    if (!res.ok) return setError(body.message ?? `The scan status failed (HTTP ${res.status}).`);
    setSnap(body);
    if (body.state === "running") timer.current = setTimeout(poll, POLL_MS);
    else if (body.state !== "none") router.refresh();
  }, [url, router]);

  useEffect(() => {
    void poll();
    return () => {
      if (timer.current) clearTimeout(timer.current);
    };
  }, [poll]);

  const send = async (method: "POST" | "DELETE") => {
    setError(null);
    if (timer.current) clearTimeout(timer.current);
    const res = await fetch(url, { method });
    const body = (await res.json()) as Poll & { message?: string };
    if (!res.ok) return setError(body.message ?? `HTTP ${res.status}`);
    setSnap(body);
    timer.current = setTimeout(poll, method === "POST" ? 200 : 0);
  };

  const running = snap?.state === "running";
  const s = snap && snap.state !== "none" ? snap : null;
  const broken = s?.results.filter((r) => r.brokenForBrowsers).length ?? 0;
  const drifted = s?.results.filter((r) => r.drifted).length ?? 0;
  return (
    <section
      aria-label="Fleet scan"
      className="space-y-2 rounded-md border border-slate-200 p-3 text-sm dark:border-slate-700"
    >
      <div className="flex flex-wrap items-center gap-3">
        <Button onClick={() => send("POST")} disabled={running}>
          {s && !running ? "Rescan" : "Scan"}
        </Button>
        {running ? (
          <Button variant="secondary" onClick={() => send("DELETE")}>
            Cancel
          </Button>
        ) : null}
        <label className="flex items-center gap-1.5">
          <input type="checkbox" checked={all} disabled={running} onChange={(e) => setAll(e.target.checked)} />
          All regions
        </label>
        <span className="text-xs text-slate-600 dark:text-slate-400" data-testid="scan-estimate">
          {all
            ? "All regions: one list call per region, then about 2 calls per API, at 10 calls per second."
            : `${apiCount} APIs: about ${estimate.calls} calls, ${estimate.seconds} s at 10 calls per second ` +
              "(API Gateway's control-plane quota)."}
        </span>
      </div>
      <p className="text-xs text-slate-600 dark:text-slate-400">
        Checks each stage for drift and predicts, from API Gateway&apos;s rules and the stage&apos;s deployed binary
        media types, what browsers, fetch() and curl receive. No request is sent to your APIs.
      </p>
      {s ? (
        <div className="space-y-1">
          <progress
            className="h-2 w-full"
            max={Math.max(1, s.apisTotal)}
            value={s.apisDone}
            aria-label="Scan progress"
          />
          <p role="status" aria-live="polite" data-testid="scan-status">
            {statusLine(s)} {s.state !== "running" ? `${broken} broken for browsers, ${drifted} drifted.` : ""}
          </p>
        </div>
      ) : null}
      {error ? <p className="text-red-700">{error}</p> : null}
    </section>
  );
}

function statusLine(s: ScanSnapshot): string {
  const seconds = Math.round(((s.finishedAt ?? Date.now()) - s.startedAt) / 1000);
  const waits = s.throttleWaits ? ` Throttled ${s.throttleWaits} times; resumed each time.` : "";
  const head = `${s.apisDone} of ${s.apisTotal} APIs, ${s.calls} calls, ${seconds} s.${waits}`;
  if (s.state === "running") return `Scanning: ${head}`;
  if (s.state === "cancelled") return `Cancelled: ${head}`;
  if (s.state === "failed") return `Failed: ${s.message ?? ""}`;
  return `Scanned: ${head}`;
}
