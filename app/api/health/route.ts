import { getConfig } from "@/lib/config";

export const dynamic = "force-dynamic";

/** Liveness of the dashboard itself (not of its target). */
export function GET() {
  const { target, defaultRegion } = getConfig();
  return Response.json({ ok: true, service: "binarygate-dashboard", target, region: defaultRegion });
}
