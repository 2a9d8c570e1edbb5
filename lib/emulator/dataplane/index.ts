// Placeholder until the data plane lands (replaced by its owner).
import type { IncomingMessage, ServerResponse } from "node:http";
import type { EmulatorContext, ExecuteApiTarget } from "../contracts";

/** Which stage an execute-api request addresses, or null when it is not one (by host or by path). */
export function matchExecuteApi(_req: IncomingMessage, _url: URL): ExecuteApiTarget | null {
  return null;
}

/** Serves one stage invocation. */
export async function handleExecuteApi(_ctx: EmulatorContext, _req: IncomingMessage, res: ServerResponse, _target: ExecuteApiTarget): Promise<void> {
  res.writeHead(501, { "content-type": "application/json" }).end('{"message":"The data plane is not built yet"}');
}
