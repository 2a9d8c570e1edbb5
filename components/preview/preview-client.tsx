"use client";

import { useId, useMemo, useState } from "react";
import { useRouter } from "next/navigation";
import { addBinaryMediaTypeAction, redeployStageAction } from "@/app/apis/[apiId]/actions";
import { initialActionState } from "@/app/apis/[apiId]/action-state";
import { computeVerdict, type FixSuggestion } from "@/lib/binary/verdict";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { ClientMatrix, type MatrixClient } from "./client-matrix";
import { fetchPreview, headerValue, type PreviewResult } from "./fetch-preview";
import { ResponseView } from "./response-view";
import { useThisBrowserAccept } from "./use-this-browser";
import { VerdictView } from "./verdict-view";

export interface PreviewStage {
  stageName: string;
  routes: { path: string; methods: string[] }[];
  binaryMediaTypes: string[];
  /** Why the stage's deployed configuration could not be read, if it could not. */
  error?: string;
}

export interface PreviewPreset {
  id: string;
  label: string;
  accept: string;
}

const MATRIX_PRESET_IDS = ["chrome-tab", "chrome-img", "firefox-img", "safari-img", "fetch", "curl"];
const ANY_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
const PARAM = /\{([^{}]+?)(\+?)\}/g;

/** The route template's parameters, in order: `{id}` → id, `{proxy+}` → proxy (greedy). */
function paramsOf(template: string): { name: string; greedy: boolean }[] {
  return [...template.matchAll(PARAM)].map((m) => ({ name: m[1], greedy: m[2] === "+" }));
}

/** Fills a template: each value percent-encoded per segment (a greedy value may span segments). */
function fillPath(template: string, values: Record<string, string>): { path: string; missing: string | null } {
  let missing: string | null = null;
  const path = template.replace(PARAM, (_, name: string, plus: string) => {
    const v = (values[name] ?? "").trim().replace(/^\/+|\/+$/g, "");
    if (!v) missing ??= name;
    return plus ? v.split("/").map(encodeURIComponent).join("/") : encodeURIComponent(v);
  });
  return { path, missing };
}

/**
 * The interactive Preview: choose stage, deployed route (parameters filled in), method and the Accept of
 * a real client (or type one, or use this browser's own, captured live), fetch through /api/preview, and
 * see the bytes, the verdict and the fixes; the fixes call the API page's own server actions.
 */
export function PreviewClient({
  region,
  apiId,
  stages,
  presets,
  readOnly,
}: {
  region: string;
  apiId: string;
  stages: PreviewStage[];
  presets: PreviewPreset[];
  readOnly: boolean;
}) {
  const ids = useId();
  const router = useRouter();
  const thisBrowser = useThisBrowserAccept();
  const [stageName, setStageName] = useState(stages[0]?.stageName ?? "");
  const stage = stages.find((s) => s.stageName === stageName);
  const routes = stage?.routes ?? [];
  const [routePath, setRoutePath] = useState(routes.find((r) => r.methods.length > 0)?.path ?? routes[0]?.path ?? "/");
  const route = routes.find((r) => r.path === routePath) ?? routes[0];
  const methods = route ? (route.methods.includes("ANY") ? ANY_METHODS : route.methods) : ["GET"];
  const [method, setMethod] = useState("GET");
  const effectiveMethod = methods.includes(method) ? method : (methods[0] ?? "GET");
  const [params, setParams] = useState<Record<string, string>>({});
  const allPresets: PreviewPreset[] = useMemo(() => {
    const own: PreviewPreset[] = [];
    if (thisBrowser.page) own.push({ id: "this-browser-page", label: "This browser — page (captured)", accept: thisBrowser.page });
    if (thisBrowser.image) own.push({ id: "this-browser-image", label: "This browser — <img> (captured)", accept: thisBrowser.image });
    return [...presets, ...own];
  }, [presets, thisBrowser.page, thisBrowser.image]);
  const [presetId, setPresetId] = useState(presets[0]?.id ?? "custom");
  const [accept, setAccept] = useState(presets[0]?.accept ?? "*/*");
  const [result, setResult] = useState<PreviewResult | null>(null);
  const [resultPath, setResultPath] = useState("/");
  const [resultStage, setResultStage] = useState(stageName);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const filled = route ? fillPath(route.path, params) : { path: "/", missing: null };

  const run = async () => {
    if (filled.missing) {
      setError(`Fill in {${filled.missing}} first.`);
      return;
    }
    setLoading(true);
    setError(null);
    const r = await fetchPreview({ region, apiId, stage: stageName, path: filled.path, method: effectiveMethod, accept });
    setLoading(false);
    if (!r.ok) {
      setResult(null);
      setError(r.message);
      return;
    }
    setResult(r.result);
    setResultPath(filled.path);
    setResultStage(stageName);
  };

  const verdict = useMemo(
    () =>
      result
        ? computeVerdict({
            deployedBinaryMediaTypes: result.deployedBinaryMediaTypes,
            currentBinaryMediaTypes: result.currentBinaryMediaTypes,
            accept: result.acceptSent,
            status: result.status,
            contentType: headerValue(result.headers, "content-type"),
            body: result.bytes,
            stage: resultStage,
          })
        : null,
    [result, resultStage],
  );

  const runFix = async (fix: FixSuggestion) => {
    const fd = new FormData();
    fd.set("region", region);
    fd.set("apiId", apiId);
    let state;
    if (fix.kind === "add-type") {
      fd.set("mediaType", fix.mediaType);
      state = await addBinaryMediaTypeAction(initialActionState, fd);
    } else if (fix.kind === "redeploy") {
      fd.set("stageName", fix.stage);
      fd.set("description", "Redeployed from BinaryGate preview");
      state = await redeployStageAction(initialActionState, fd);
    } else {
      return { ok: false, message: "This fix is made in the Lambda's code." };
    }
    router.refresh();
    if (state.ok) await run();
    return { ok: state.ok === true, message: state.message };
  };

  // The matrix rows (issue "Preview" item 5): a browser tab, <img> in three browsers, fetch(), curl, an
  // explicit type (the previewed file's own type when known), and this browser's captured headers.
  const explicitMime = verdict?.format?.mime ?? "image/png";
  const matrixClients: MatrixClient[] = [
    ...MATRIX_PRESET_IDS.flatMap((id) => allPresets.filter((p) => p.id === id)),
    { id: "explicit", label: `Accept: ${explicitMime}`, accept: explicitMime },
    ...allPresets.filter((p) => p.id.startsWith("this-browser")),
  ];

  return (
    <div className="space-y-4">
      <form
        className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <label className="flex flex-col gap-1 text-xs font-medium text-slate-700">
          Stage
          <Select value={stageName} onChange={(e) => { setStageName(e.target.value); setRoutePath(stages.find((s) => s.stageName === e.target.value)?.routes[0]?.path ?? "/"); }}>
            {stages.map((s) => (
              <option key={s.stageName} value={s.stageName}>
                {s.stageName}
              </option>
            ))}
          </Select>
        </label>
        <label className="flex flex-col gap-1 text-xs font-medium text-slate-700">
          Resource (deployed)
          <Select value={route?.path ?? ""} onChange={(e) => setRoutePath(e.target.value)} disabled={routes.length === 0}>
            {routes.map((r) => (
              <option key={r.path} value={r.path}>
                {r.path}
              </option>
            ))}
          </Select>
        </label>
        <label className="flex flex-col gap-1 text-xs font-medium text-slate-700">
          Method
          <Select value={effectiveMethod} onChange={(e) => setMethod(e.target.value)}>
            {methods.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </Select>
        </label>
        <label className="flex flex-col gap-1 text-xs font-medium text-slate-700">
          Client (Accept preset)
          <Select
            value={presetId}
            onChange={(e) => {
              setPresetId(e.target.value);
              const p = allPresets.find((x) => x.id === e.target.value);
              if (p) setAccept(p.accept);
            }}
          >
            {allPresets.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
            <option value="custom">Typed by hand</option>
          </Select>
        </label>
        {route &&
          paramsOf(route.path).map((p) => (
            <label key={p.name} className="flex flex-col gap-1 text-xs font-medium text-slate-700">
              {`{${p.name}${p.greedy ? "+" : ""}}`}
              <Input
                value={params[p.name] ?? ""}
                placeholder={p.greedy ? "a/b/file.pdf" : "value"}
                onChange={(e) => setParams({ ...params, [p.name]: e.target.value })}
              />
            </label>
          ))}
        <label className="flex flex-col gap-1 text-xs font-medium text-slate-700 sm:col-span-2 lg:col-span-3">
          Accept header sent
          <Input
            id={`${ids}-accept`}
            className="font-mono"
            value={accept}
            maxLength={1024}
            onChange={(e) => {
              setAccept(e.target.value);
              setPresetId("custom");
            }}
          />
        </label>
        <div className="flex items-end">
          <Button type="submit" disabled={loading || !stage || routes.length === 0 || !accept.trim()}>
            {loading ? "Fetching…" : "Preview"}
          </Button>
        </div>
      </form>
      <p className="text-xs text-slate-500" data-testid="this-browser">
        This browser sends{" "}
        {thisBrowser.state === "capturing" ? (
          "… (capturing)"
        ) : thisBrowser.state === "failed" ? (
          "(could not be captured)"
        ) : (
          <>
            <span className="font-mono" data-testid="this-browser-page">{thisBrowser.page ?? "?"}</span> for a page and{" "}
            <span className="font-mono" data-testid="this-browser-image">{thisBrowser.image ?? "?"}</span> for an image.
          </>
        )}
      </p>
      {stage?.error && <p className="text-sm text-red-700">The deployed configuration of {stage.stageName} could not be read: {stage.error}</p>}
      {stage && routes.length === 0 && !stage.error && <p className="text-sm text-slate-600">Stage {stage.stageName} serves no routes.</p>}
      <p className="text-xs text-slate-500">
        Path: <span className="font-mono">{filled.path}</span>
      </p>
      {error && (
        <p role="alert" className="text-sm text-red-700" data-testid="preview-error">
          {error}
        </p>
      )}
      {result && verdict && (
        <>
          <VerdictView verdict={verdict} runFix={readOnly ? undefined : runFix} />
          <ResponseView key={`${result.totalMs}-${result.bytes.length}-${resultPath}`} result={result} verdict={verdict} path={resultPath} />
        </>
      )}
      {stage && route && !filled.missing && (
        <ClientMatrix
          key={`${stageName} ${filled.path} ${effectiveMethod}`}
          query={{ region, apiId, stage: stageName, path: filled.path, method: effectiveMethod }}
          clients={matrixClients}
          deployedBinaryMediaTypes={result?.deployedBinaryMediaTypes ?? stage.binaryMediaTypes}
        />
      )}
    </div>
  );
}
