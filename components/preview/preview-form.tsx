"use client";

import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { cn } from "@/lib/cn";
import { PREVIEW_ACCEPT_MAX_LENGTH } from "@/lib/preview/protocol";
import type { PreviewForm as FormState } from "./use-preview-form";
import type { PreviewPreset } from "./types";

/** A visible label around its control (the preview's fields keep visible labels for assistive technology). */
function Field({ label, className, children }: { label: string; className?: string; children: ReactNode }) {
  return (
    <label className={cn("flex flex-col gap-1 text-xs font-medium text-slate-700", className)}>
      {label}
      {children}
    </label>
  );
}

/** The preview's form: stage, resource and its parameters, method, client, Accept; presentational. */
export function PreviewForm({
  form,
  presets,
  pending,
  onSubmit,
}: {
  form: FormState;
  presets: PreviewPreset[];
  pending: boolean;
  onSubmit: () => void;
}) {
  return (
    <form
      className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <Field label="Stage">
        <Select value={form.stageName} onChange={(e) => form.selectStage(e.target.value)}>
          {form.stages.map((s) => (
            <option key={s.stageName} value={s.stageName}>
              {s.stageName}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Resource (deployed)">
        <Select
          value={form.route?.path ?? ""}
          onChange={(e) => form.selectRoute(e.target.value)}
          disabled={form.routes.length === 0}
        >
          {form.routes.map((r) => (
            <option key={r.path} value={r.path}>
              {r.path}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Method">
        <Select value={form.method} onChange={(e) => form.selectMethod(e.target.value)}>
          {form.methods.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Client (Accept preset)">
        <Select value={form.presetId} onChange={(e) => form.selectPreset(e.target.value, presets)}>
          {presets.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
          <option value="custom">Typed by hand</option>
        </Select>
      </Field>
      {form.paramList.map((p) => (
        <Field key={p.name} label={`{${p.name}${p.greedy ? "+" : ""}}`}>
          <Input
            value={form.params[p.name] ?? ""}
            placeholder={p.greedy ? "a/b/file.pdf" : "value"}
            onChange={(e) => form.setParam(p.name, e.target.value)}
          />
        </Field>
      ))}
      <Field label="Accept header sent" className="sm:col-span-2 lg:col-span-3">
        <Input
          className="font-mono"
          value={form.accept}
          placeholder="(none: no Accept header is sent)"
          maxLength={PREVIEW_ACCEPT_MAX_LENGTH}
          onChange={(e) => form.typeAccept(e.target.value)}
        />
      </Field>
      <div className="flex items-end">
        <Button type="submit" disabled={pending || !form.stage || form.routes.length === 0}>
          {pending ? "Fetching…" : "Preview"}
        </Button>
      </div>
    </form>
  );
}
