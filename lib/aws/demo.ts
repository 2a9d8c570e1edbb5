import "server-only";
import { getConfig } from "@/lib/config";
import type { AwsResult } from "./types";

/** One demo API as the emulator reset it. */
export interface ResetDemoApi {
  name: string;
  apiId: string;
}

/**
 * Asks the local emulator to put its demo APIs back as first seeded (POST /_binarygate/reset-demo, loopback
 * only). Only the emulator target has demo data: on AWS or a custom endpoint this refuses without a call.
 */
export async function resetDemoData(): Promise<AwsResult<ResetDemoApi[]>> {
  const config = getConfig();
  if (config.target !== "local") {
    return { ok: false, error: { code: "invalid", message: "Demo data exists only on the local emulator target." } };
  }
  let res: Response;
  try {
    const url = `${config.emulatorUrl}/_binarygate/reset-demo`;
    res = await fetch(url, { method: "POST", signal: AbortSignal.timeout(60_000) });
  } catch {
    const message = `The local emulator at ${config.emulatorUrl} is not reachable.`;
    return { ok: false, error: { code: "target-unreachable", message } };
  }
  const body = (await res.json().catch(() => null)) as { apis?: ResetDemoApi[]; message?: string } | null;
  if (!res.ok || !body?.apis) {
    const detail = body?.message ? `: ${body.message}` : "";
    return {
      ok: false,
      error: { code: "unknown", message: `The emulator refused the reset (HTTP ${res.status}${detail}).` },
    };
  }
  return { ok: true, data: body.apis };
}
