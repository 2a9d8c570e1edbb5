import "server-only";
import { computeVerdict } from "@/lib/binary/verdict";
import { type MatrixLine, PREVIEW_MAX_BYTES } from "./protocol";
import type { PreviewRequest } from "./request";
import { resolvePreviewTarget } from "./run";
import { acquirePreviewSlot, fetchUpstream } from "./upstream";

/**
 * The client matrix, server side: one slot and one read of the stage's configuration for the whole run, then
 * the stage called once per client, one at a time, each judged by lib/binary's verdict. Rows are produced
 * whether or not the browser reads them (they are small), so a stalled reader never holds the slot.
 */
export function runMatrix(req: Omit<PreviewRequest, "accept">, accepts: string[]): ReadableStream<Uint8Array> | null {
  const release = acquirePreviewSlot();
  if (!release) return null;
  const encoder = new TextEncoder();
  let cancelled = false;
  return new ReadableStream<Uint8Array>({
    async start(ctrl) {
      const send = (line: MatrixLine) => !cancelled && ctrl.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
      try {
        const target = await resolvePreviewTarget(req);
        if (!target.ok) return void send({ type: "error", message: target.error.message });
        const t = target.data;
        send({
          type: "config",
          deployedBinaryMediaTypes: t.deployedBinaryMediaTypes,
          currentBinaryMediaTypes: t.currentBinaryMediaTypes,
        });
        for (let index = 0; index < accepts.length && !cancelled; index++) {
          const up = await fetchUpstream(t.url, { method: req.method, accept: accepts[index] });
          if (!up.ok) {
            send({ type: "row", index, error: up.error.message });
            continue;
          }
          let body: Uint8Array;
          try {
            body = new Uint8Array(await new Response(up.data.body).arrayBuffer());
          } catch (e) {
            send({
              type: "row",
              index,
              error: e instanceof Error ? e.message : "the stage's response was interrupted",
            });
            continue;
          }
          const contentType = up.data.headers.find(([k]) => k === "content-type")?.[1] ?? null;
          const v = computeVerdict({
            deployedBinaryMediaTypes: t.deployedBinaryMediaTypes,
            currentBinaryMediaTypes: t.currentBinaryMediaTypes,
            accept: accepts[index],
            status: up.data.status,
            contentType,
            body: body.subarray(0, PREVIEW_MAX_BYTES),
            stage: req.stage,
          });
          send({ type: "row", index, status: up.data.status, kind: v.kind });
        }
      } catch (err) {
        console.error("preview matrix failed", err);
        send({ type: "error", message: "The client matrix failed unexpectedly" });
      } finally {
        release();
        if (!cancelled) ctrl.close();
      }
    },
    cancel() {
      cancelled = true;
    },
  });
}
