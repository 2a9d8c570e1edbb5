/**
 * POST /_binarygate/reset-demo: puts the demo APIs back as seeded (the "Reset demo data" button and
 * scripts). It changes state that every client of this emulator sees, so it is accepted only from a
 * loopback peer and never from a browser page: a request with an Origin header is refused by the admin
 * router, and one whose Sec-Fetch-Site says another site (or a same-site page) sent it is refused here.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { EmulatorContext } from "./contracts";
import { isLoopbackAddress } from "../security/loopback";
import { sendJson } from "./http";
import { resetDemo } from "./seed";

/** The admin path this module answers. */
export const RESET_DEMO_PATH = "/_binarygate/reset-demo";

/** Answers POST /_binarygate/reset-demo (loopback, non-browser callers only). */
export async function handleResetDemo(ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== "POST") {
    res.setHeader("allow", "POST");
    sendJson(res, 405, { message: "Use POST to reset the demo data" });
    return;
  }
  if (!isLoopbackAddress(req.socket.remoteAddress)) {
    sendJson(res, 403, { message: "Resetting the demo data is only accepted from loopback" });
    return;
  }
  const site = req.headers["sec-fetch-site"];
  if (req.headers.origin !== undefined || (site !== undefined && site !== "none" && site !== "same-origin")) {
    sendJson(res, 403, { message: "Resetting the demo data refuses requests sent by a web page" });
    return;
  }
  const apis = await resetDemo(ctx);
  sendJson(res, 200, { ok: true, apis });
}
