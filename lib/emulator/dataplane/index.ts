/**
 * The data plane: stage invocation (execute-api) through Lambda proxy integrations (docs/aws-binary-rules.md
 * docs/aws-binary-rules.md §1, §2, §8–§11), as a chain of named steps over one context (invocation.ts):
 *
 *   readRequest → resolveStage → route → [integration]
 *   AWS_PROXY: authorize (permission) → buildEvent → transfer (buffered: invoke → convert → write)
 *   MOCK: the integration response, written
 *
 * A step that cannot go on throws the gateway response AWS would send (gateway-responses.ts); the one catch
 * below writes it. Integrations other than AWS_PROXY and MOCK answer 500 (not emulated).
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { EmulatorContext, ExecuteApiTarget } from "../contracts";
import { ClientGoneError } from "../http";
import { newRequestId } from "../ids";
import { parseExecuteApiAddress } from "./address";
import { newExtendedRequestId } from "./event";
import { GatewayResponse, InternalServerError } from "./gateway-responses";
import type { Invocation, RequestIds, Routed } from "./invocation";
import { authorize, bufferedTransfer, buildEvent, type ResponseTransfer } from "./lambda-proxy";
import { handleMock } from "./mock";
import { readRequest, resolveStage, route } from "./request";
import { writeGatewayResponse, writeResponse } from "./write";

/** Which stage an execute-api request addresses, or null when it is not one (by host or by path). */
export function matchExecuteApi(req: IncomingMessage, url: URL): ExecuteApiTarget | null {
  return parseExecuteApiAddress(req.headers.host, req.url ?? url.pathname + url.search);
}

/** Serves one stage invocation. Never throws: every failure becomes AWS's answer for it. */
export async function handleExecuteApi(
  ctx: EmulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
  target: ExecuteApiTarget,
): Promise<void> {
  ctx.metrics.count("execute-api", "Invoke");
  const ids: RequestIds = { requestId: newRequestId(), apigwId: newExtendedRequestId(), traceId: newTraceId() };
  const httpMethod = (req.method ?? "GET").toUpperCase();
  try {
    await serve({ ctx, req, res, target, ids, httpMethod });
  } catch (err) {
    if (err instanceof ClientGoneError) return void res.destroy(); // nobody left to answer
    if (res.headersSent) return void res.destroy(err instanceof Error ? err : undefined);
    // Anything that is not a gateway response is a bug here; it must not take the emulator down, so it gets
    // AWS's answer for its own internal failure.
    writeGatewayResponse(res, ids, err instanceof GatewayResponse ? err : new InternalServerError(String(err)));
  }
}

async function serve(start: Invocation): Promise<void> {
  const received = await readRequest(start);
  const routed = route(resolveStage(received));
  const integrate = INTEGRATIONS[routed.integration.type];
  // Only Lambda proxy and MOCK integrations are emulated (the product's subject); say so rather than guess.
  if (!integrate) throw new InternalServerError(`${routed.integration.type} integrations are not emulated`);
  await integrate(routed);
}

/** The rest of the chain, by integration type. */
const INTEGRATIONS: Partial<Record<string, (inv: Routed) => Promise<void> | void>> = {
  AWS_PROXY: (inv) => TRANSFERS.BUFFERED(buildEvent(authorize(inv))),
  MOCK: (inv) => {
    const mock = handleMock(inv.integration, inv.snapshot.binaryMediaTypes, inv.req.headers["content-type"]);
    writeResponse(inv.res, inv.ids, mock.statusCode, mock.headers, mock.body);
  },
};

/**
 * How a Lambda proxy method's response reaches the client, by its integration's transfer mode. Streaming
 * (docs/streaming.md) adds `STREAM` here and AWS_PROXY picks by the deployed `responseTransferMode`.
 */
const TRANSFERS = { BUFFERED: bufferedTransfer } satisfies Record<string, ResponseTransfer>;

function newTraceId(): string {
  const t = Math.floor(Date.now() / 1000)
    .toString(16)
    .padStart(8, "0");
  return `Root=1-${t}-${randomBytes(12).toString("hex")}`;
}
