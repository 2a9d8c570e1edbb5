"use client";

import { useEffect, useMemo, useState } from "react";
import { PREVIEW_METHODS } from "@/lib/preview/protocol";
import { defaultRoute, fillRoute, routeParams } from "@/lib/preview/route";
import { DEFAULT_PRESET_ID, type PreviewPreset, type PreviewStage, type PreviewUrlState } from "./types";

const CUSTOM = "custom";

function routeFor(stage: PreviewStage | undefined, wanted?: string) {
  const routes = stage?.routes ?? [];
  return routes.find((r) => r.path === wanted) ?? defaultRoute(routes);
}

/**
 * The preview form's state: stage, resource (with its parameters), method and client/Accept, started from
 * the URL and written back to it (replaceState: no navigation, no server round trip), plus what follows
 * from them (the methods the resource serves, the filled-in path).
 */
export function usePreviewForm(stages: PreviewStage[], presets: PreviewPreset[], initial: PreviewUrlState) {
  const [stageName, setStageName] = useState(
    stages.find((s) => s.stageName === initial.stage)?.stageName ?? stages[0]?.stageName ?? "",
  );
  const stage = stages.find((s) => s.stageName === stageName);
  const [routePath, setRoutePath] = useState(routeFor(stage, initial.resource)?.path ?? "/");
  const route = stage?.routes.find((r) => r.path === routePath) ?? routeFor(stage);
  const methods: readonly string[] = route
    ? route.methods.includes("ANY")
      ? PREVIEW_METHODS
      : route.methods
    : ["GET"];
  const [method, setMethod] = useState(initial.method ?? "GET");
  const effectiveMethod = methods.includes(method) ? method : (methods[0] ?? "GET");
  const [params, setParams] = useState<Record<string, string>>({});
  const initialPreset = presets.find((p) => p.id === initial.client) ?? presets.find((p) => p.id === DEFAULT_PRESET_ID);
  const [presetId, setPresetId] = useState(initial.client === CUSTOM ? CUSTOM : (initialPreset?.id ?? CUSTOM));
  const [accept, setAccept] = useState(
    initial.client === CUSTOM ? (initial.accept ?? "") : (initialPreset?.accept ?? "*/*"),
  );
  const filled = useMemo(() => (route ? fillRoute(route.path, params) : { path: "/", missing: null }), [route, params]);
  const paramList = useMemo(() => (route ? routeParams(route.path) : []), [route]);

  useEffect(() => {
    const url = new URL(window.location.href);
    const set = (k: string, v: string | null) => (v === null ? url.searchParams.delete(k) : url.searchParams.set(k, v));
    set("stage", stageName || null);
    set("resource", route?.path ?? null);
    set("method", effectiveMethod);
    set("client", presetId);
    set("accept", presetId === CUSTOM ? accept : null);
    if (url.href !== window.location.href) window.history.replaceState(window.history.state, "", url);
  }, [stageName, route?.path, effectiveMethod, presetId, accept]);

  return {
    stages,
    stage,
    stageName,
    route,
    routes: stage?.routes ?? [],
    methods,
    method: effectiveMethod,
    params,
    paramList,
    presetId,
    accept,
    filled,
    selectStage(name: string) {
      setStageName(name);
      setRoutePath(routeFor(stages.find((s) => s.stageName === name))?.path ?? "/");
    },
    selectRoute: setRoutePath,
    selectMethod: setMethod,
    setParam(name: string, value: string) {
      setParams((p) => ({ ...p, [name]: value }));
    },
    selectPreset(id: string, all: PreviewPreset[]) {
      setPresetId(id);
      const p = all.find((x) => x.id === id);
      if (p) setAccept(p.accept);
    },
    typeAccept(value: string) {
      setAccept(value);
      setPresetId(CUSTOM);
    },
  };
}

export type PreviewForm = ReturnType<typeof usePreviewForm>;
