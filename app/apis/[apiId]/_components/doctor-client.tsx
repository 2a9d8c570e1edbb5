"use client";

import { Sentence } from "@/components/preview/verdict-view";
import { useId, useState, useTransition } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import type { DoctorFinding, FindingStatus, Layer } from "@/lib/binary/doctor/types";
import type { DoctorFix, DoctorFixOutcome } from "@/lib/doctor/fix-input";
import type { DoctorRequestInput } from "@/lib/doctor/input";
import type { DoctorRunState } from "../doctor-actions";

/** A deployed stage as the doctor's form offers it. */
export interface DoctorStage {
  stageName: string;
  routes: { path: string; methods: string[] }[];
  binaryMediaTypes: string[];
}

const LAYERS: { layer: Layer; title: string }[] = [
  { layer: "lambda", title: "The Lambda's output" },
  { layer: "adapter", title: "Framework adapter" },
  { layer: "permission", title: "Permission" },
  { layer: "apigateway", title: "API Gateway" },
  { layer: "size", title: "Size" },
];

const STATUS: Record<FindingStatus, { label: string; tone: "success" | "danger" | "neutral" }> = {
  passed: { label: "Passed", tone: "success" },
  failed: { label: "Failed", tone: "danger" },
  "not-checked": { label: "Not checked", tone: "neutral" },
};

function layerStatus(findings: DoctorFinding[]): FindingStatus {
  if (findings.some((f) => f.status === "failed")) return "failed";
  return findings.every((f) => f.status === "passed") ? "passed" : "not-checked";
}

const targets = (stages: DoctorStage[], stageName: string) =>
  (stages.find((s) => s.stageName === stageName)?.routes ?? []).flatMap((r) =>
    r.methods.filter((m) => m !== "OPTIONS").map((m) => `${m === "ANY" ? "GET" : m} ${r.path}`),
  );

/** The doctor's form and report: run the checklist, read each layer's verdict, apply the fixes it offers. */
export function DoctorClient(props: {
  region: string;
  apiId: string;
  stages: DoctorStage[];
  target: "local" | "aws";
  run: (input: DoctorRequestInput) => Promise<DoctorRunState>;
  applyFix?: (fix: DoctorFix) => Promise<DoctorFixOutcome>;
}) {
  const { region, apiId, stages, target } = props;
  const [stageName, setStageName] = useState(stages[0]?.stageName ?? "");
  const [route, setRoute] = useState(targets(stages, stages[0]?.stageName ?? "")[0] ?? "GET /");
  const [path, setPath] = useState(route.slice(route.indexOf(" ") + 1));
  const firstType = stages[0]?.binaryMediaTypes.find((t) => !t.includes("*")) ?? "application/json";
  const [accept, setAccept] = useState(firstType);
  const [confirmInvoke, setConfirmInvoke] = useState(false);
  const [state, setState] = useState<DoctorRunState | null>(null);
  const [fixMessage, setFixMessage] = useState<DoctorFixOutcome | null>(null);
  const [pending, startTransition] = useTransition();
  const ids = useId();
  const method = route.slice(0, route.indexOf(" "));

  const runNow = (after?: DoctorFixOutcome) =>
    startTransition(async () => {
      setFixMessage(after ?? null);
      setState(await props.run({ region, apiId, stage: stageName, path, method, accept, confirmInvoke }));
    });
  const fix = (f: DoctorFix) =>
    startTransition(async () => {
      const outcome = await props.applyFix?.(f);
      if (!outcome) return;
      if (outcome.ok) runNow(outcome);
      else setFixMessage(outcome);
    });

  return (
    <div className="space-y-4">
      <form
        className="flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          runNow();
        }}
      >
        <label className="flex flex-col gap-1 text-sm" htmlFor={`${ids}-stage`}>
          Stage
          <Select
            id={`${ids}-stage`}
            value={stageName}
            onChange={(e) => {
              setStageName(e.target.value);
              const first = targets(stages, e.target.value)[0] ?? "GET /";
              setRoute(first);
              setPath(first.slice(first.indexOf(" ") + 1));
            }}
          >
            {stages.map((s) => (
              <option key={s.stageName}>{s.stageName}</option>
            ))}
          </Select>
        </label>
        <label className="flex flex-col gap-1 text-sm" htmlFor={`${ids}-route`}>
          Method
          <Select
            id={`${ids}-route`}
            value={route}
            onChange={(e) => {
              setRoute(e.target.value);
              setPath(e.target.value.slice(e.target.value.indexOf(" ") + 1));
            }}
          >
            {targets(stages, stageName).map((t) => (
              <option key={t}>{t}</option>
            ))}
          </Select>
        </label>
        <label className="flex flex-col gap-1 text-sm" htmlFor={`${ids}-path`}>
          Path
          <Input id={`${ids}-path`} value={path} onChange={(e) => setPath(e.target.value)} className="font-mono" />
        </label>
        <label className="flex flex-col gap-1 text-sm" htmlFor={`${ids}-accept`}>
          Client Accept
          <Input
            id={`${ids}-accept`}
            value={accept}
            onChange={(e) => setAccept(e.target.value)}
            className="font-mono"
          />
        </label>
        {target === "aws" ? (
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={confirmInvoke} onChange={(e) => setConfirmInvoke(e.target.checked)} />
            Invoke the function (runs its code on AWS)
          </label>
        ) : null}
        <Button type="submit" disabled={pending || stages.length === 0}>
          {pending ? "Running…" : "Run the doctor"}
        </Button>
      </form>
      <div aria-live="polite" className="space-y-2 text-sm">
        {fixMessage ? (
          <p className={fixMessage.ok ? "text-emerald-800 dark:text-emerald-300" : "text-red-700 dark:text-red-300"}>
            {fixMessage.message}
          </p>
        ) : null}
        {state && !state.ok ? <p className="text-red-700 dark:text-red-300">{state.message}</p> : null}
      </div>
      {state?.ok ? (
        <DoctorReportView
          state={state}
          stageName={stageName}
          {...props}
          fix={props.applyFix ? fix : undefined}
          pending={pending}
        />
      ) : null}
    </div>
  );
}

function DoctorReportView(props: {
  state: Extract<DoctorRunState, { ok: true }>;
  region: string;
  apiId: string;
  stageName: string;
  fix?: (f: DoctorFix) => void;
  pending: boolean;
}) {
  const { report } = props.state;
  const { region, apiId, stageName, fix, pending } = props;
  return (
    <ul
      aria-label="Doctor's checklist"
      className="divide-y divide-slate-200 rounded-md border border-slate-200 dark:divide-slate-700 dark:border-slate-700"
    >
      {LAYERS.map(({ layer, title }) => {
        const findings = report.findings.filter((f) => f.layer === layer);
        if (findings.length === 0) return null;
        const status = STATUS[layerStatus(findings)];
        return (
          <li key={layer} aria-label={title} className="space-y-2 p-3">
            <div className="flex items-center gap-2">
              <h3 className="font-medium">{title}</h3>
              <Badge tone={status.tone}>{status.label}</Badge>
            </div>
            <ul className="space-y-2 text-sm">
              {findings.map((f) => (
                <li key={f.id} className="space-y-1">
                  <p>
                    <span className="sr-only">{STATUS[f.status].label}: </span>
                    <Sentence text={f.cause} />
                  </p>
                  {f.status === "failed" && f.fix ? (
                    <p className="text-slate-700 dark:text-slate-300">
                      <span className="font-medium">Fix: </span>
                      <span className="break-words">
                        <Sentence text={f.fix} />
                      </span>
                    </p>
                  ) : null}
                  {f.status === "failed" && fix ? (
                    <FixButton
                      finding={f}
                      report={report}
                      region={region}
                      apiId={apiId}
                      stageName={stageName}
                      fix={fix}
                      pending={pending}
                    />
                  ) : null}
                </li>
              ))}
            </ul>
          </li>
        );
      })}
    </ul>
  );
}

function FixButton(props: {
  finding: DoctorFinding;
  report: Extract<DoctorRunState, { ok: true }>["report"];
  region: string;
  apiId: string;
  stageName: string;
  fix: (f: DoctorFix) => void;
  pending: boolean;
}) {
  const { finding, report, region, apiId, stageName, fix, pending } = props;
  if (finding.id === "permission.invoke" && report.permissionFix && report.functionName && report.methodArn) {
    const { functionName, methodArn } = report;
    return (
      <div className="space-y-1">
        <pre className="overflow-x-auto rounded bg-slate-100 p-2 text-xs dark:bg-slate-800">
          {JSON.stringify(report.permissionFix, null, 2)}
        </pre>
        <Button
          size="sm"
          disabled={pending}
          onClick={() => fix({ kind: "add-permission", region, apiId, functionName, methodArn })}
        >
          Add permission
        </Button>
      </div>
    );
  }
  if (finding.id === "apigateway.star-star-preflight" && report.preflightFixes.length > 0) {
    const resourceIds = report.preflightFixes.flatMap((p) => (p.resourceId ? [p.resourceId] : []));
    return (
      <Button
        size="sm"
        disabled={pending}
        onClick={() => fix({ kind: "preflights-to-text", region, apiId, stageName, resourceIds })}
      >
        Convert preflights to text and redeploy {stageName}
      </Button>
    );
  }
  if (finding.id === "apigateway.drift") {
    return (
      <Button size="sm" disabled={pending} onClick={() => fix({ kind: "redeploy", region, apiId, stageName })}>
        Redeploy {stageName}
      </Button>
    );
  }
  return null;
}
