"use client";

import { useMemo } from "react";
import { computeVerdict } from "@/lib/binary/verdict";
import { headerValue, type PreviewResult } from "./fetch-preview";
import { ResponseView } from "./response-view";
import { type FixRunner, VerdictView } from "./verdict-view";

/** The verdict for one preview, computed in the browser from the bytes (lib/binary), then the response. */
export function PreviewResults({ result, runFix }: { result: PreviewResult; runFix?: FixRunner }) {
  const verdict = useMemo(
    () =>
      computeVerdict({
        deployedBinaryMediaTypes: result.deployedBinaryMediaTypes,
        currentBinaryMediaTypes: result.currentBinaryMediaTypes,
        accept: result.query.accept,
        status: result.status,
        contentType: headerValue(result.headers, "content-type"),
        body: result.bytes,
        stage: result.query.stage,
      }),
    [result],
  );
  return (
    <>
      <VerdictView verdict={verdict} runFix={runFix} />
      <ResponseView result={result} verdict={verdict} />
    </>
  );
}
