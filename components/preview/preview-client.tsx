"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { contentTypeKey } from "@/lib/binary";
import type { ApplyFixAction } from "@/lib/preview/fix-input";
import { ClientMatrix, matrixClients } from "./client-matrix";
import { headerValue, type PreviewQuery, type PreviewResult } from "./fetch-preview";
import { toFixInput } from "./fixes";
import { PreviewForm } from "./preview-form";
import { PreviewResults } from "./preview-results";
import { NO_ACCEPT_PRESET, type PreviewPreset, type PreviewStage, type PreviewUrlState } from "./types";
import { usePreviewForm } from "./use-preview-form";
import { usePreviewRun } from "./use-preview-run";
import { useThisBrowserAccept } from "./use-this-browser";
import type { FixRunner } from "./verdict-view";

const AUTO_RUN_KEY = "binarygate.preview.autoRun";

/**
 * The interactive Preview: choose stage, resource, method and a real client's Accept, fetch through
 * /api/preview, see the verdict with its fixes, what the client got, and what each client gets. On the
 * emulator it runs when the page opens; on AWS (it invokes the user's function) only on a click, unless the
 * user opted in to auto-run in this browser.
 */
export function PreviewClient(props: {
  region: string;
  apiId: string;
  stages: PreviewStage[];
  presets: PreviewPreset[];
  initial: PreviewUrlState;
  /** The emulator target: run on open. */
  autoRun: boolean;
  /** The route's typed fix action; absent in read-only mode. */
  applyFix?: ApplyFixAction;
}) {
  const { region, apiId, stages, applyFix } = props;
  const router = useRouter();
  const thisBrowser = useThisBrowserAccept();
  const presets = useMemo(() => {
    const own: PreviewPreset[] = [];
    if (thisBrowser.page)
      own.push({ id: "this-browser-page", label: "This browser — page (captured)", accept: thisBrowser.page });
    if (thisBrowser.image)
      own.push({ id: "this-browser-image", label: "This browser — <img> (captured)", accept: thisBrowser.image });
    return [...props.presets, NO_ACCEPT_PRESET, ...own];
  }, [props.presets, thisBrowser.page, thisBrowser.image]);
  const form = usePreviewForm(stages, presets, props.initial);
  const { result, error, pending, run, fail } = usePreviewRun();
  const [optIn, setOptIn] = useState(false);

  const query: PreviewQuery = {
    region,
    apiId,
    stage: form.stageName,
    path: form.filled.path,
    method: form.method,
    accept: form.accept,
  };
  const submit = () => (form.filled.missing ? fail(`Fill in {${form.filled.missing}} first.`) : void run(query));

  const started = useRef(false);
  // Runs once, with the state the page opened with.
  // biome-ignore lint/correctness/useExhaustiveDependencies: on open only
  useEffect(() => {
    const remembered = window.localStorage.getItem(AUTO_RUN_KEY) === "1";
    setOptIn(remembered);
    if (started.current || !(props.autoRun || remembered) || form.filled.missing || !form.route) return;
    started.current = true;
    void run(query);
  }, []);

  const runFix: FixRunner | undefined = useCallback<FixRunner>(
    async (step) => {
      if (!applyFix) return { ok: false, message: "Read-only mode: changes are disabled.", changed: false };
      const outcome = await applyFix(toFixInput(step, region, apiId));
      if (outcome.changed) router.refresh();
      if (outcome.ok && result) await run(result.query);
      return outcome;
    },
    [applyFix, region, apiId, router, result, run],
  );

  return (
    <div className="space-y-4">
      <PreviewForm form={form} presets={presets} pending={pending} onSubmit={submit} />
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-slate-500">
        <span>
          Path: <span className="font-mono">{form.filled.path}</span>
        </span>
        {!props.autoRun && (
          <label className="flex items-center gap-1">
            <input
              type="checkbox"
              checked={optIn}
              onChange={(e) => {
                setOptIn(e.target.checked);
                window.localStorage.setItem(AUTO_RUN_KEY, e.target.checked ? "1" : "0");
              }}
            />
            Run when the page opens (in this browser; it invokes your function)
          </label>
        )}
      </div>
      {form.stage?.error && (
        <p className="text-sm text-red-700">
          The deployed configuration of {form.stage.stageName} could not be read: {form.stage.error}
        </p>
      )}
      {form.stage && form.routes.length === 0 && !form.stage.error && (
        <p className="text-sm text-slate-600">Stage {form.stage.stageName} serves no routes.</p>
      )}
      {error && (
        <p role="alert" className="text-sm text-red-700" data-testid="preview-error">
          {error}
        </p>
      )}
      {result && (
        <PreviewResults
          key={`${result.totalMs}-${result.bytes.length}`}
          result={result}
          runFix={applyFix ? runFix : undefined}
        />
      )}
      <ThisBrowserLine state={thisBrowser} />
      {form.stage && form.route && !form.filled.missing && (
        <ClientMatrix
          key={`${form.stageName} ${form.filled.path} ${form.method}`}
          query={{ region, apiId, stage: form.stageName, path: form.filled.path, method: form.method }}
          clients={matrixClients(presets, explicitMime(result))}
        />
      )}
    </div>
  );
}

/** The explicit Accept row of the matrix: the previewed response's own binary type, else PNG. */
function explicitMime(result: PreviewResult | null): string {
  const ct = result ? contentTypeKey(headerValue(result.headers, "content-type")) : null;
  return ct && !ct.startsWith("text/") && ct !== "application/json" ? ct : "image/png";
}

function ThisBrowserLine({ state }: { state: ReturnType<typeof useThisBrowserAccept> }) {
  return (
    <p className="text-xs text-slate-500" data-testid="this-browser">
      This browser sends{" "}
      {state.state === "capturing" ? (
        "… (capturing)"
      ) : state.state === "failed" ? (
        "(could not be captured)"
      ) : (
        <>
          <span className="font-mono" data-testid="this-browser-page">
            {state.page ?? "?"}
          </span>{" "}
          for a page and{" "}
          <span className="font-mono" data-testid="this-browser-image">
            {state.image ?? "?"}
          </span>{" "}
          for an image.
        </>
      )}
    </p>
  );
}
