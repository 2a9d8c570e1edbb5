import "server-only";
import { hasDrift, mediaTypeDrift } from "@/lib/aws/drift";
import type { ResourceSummary } from "@/lib/aws/types";
import { type DoctorFinding, type MethodIntegrationInfo, checkStarStar, firstAcceptValue } from "@/lib/binary";
import { predictDelivery } from "@/lib/binary/verdict";

/**
 * The API Gateway layer: the stage's deployed types against the API's (drift), the client's first Accept value
 * against the deployed types when the function answers base64 (the preview's verdict, predicted), and `*∕*`.
 */

/** The API's methods as the `*∕*` check reads them. */
export function integrationInfos(resources: readonly ResourceSummary[]): MethodIntegrationInfo[] {
  return resources.flatMap((r) =>
    r.methods.map((m) => ({
      resourcePath: r.path,
      resourceId: r.id,
      httpMethod: m.httpMethod,
      integrationType: m.integrationType ?? "",
      contentHandling: m.contentHandling ?? null,
    })),
  );
}

/** Findings of the API Gateway layer; `base64` is whether the function's result had isBase64Encoded true. */
export function apiGatewayFindings(o: {
  stage: string;
  accept: string;
  current: readonly string[];
  deployed: readonly string[];
  resources: readonly ResourceSummary[];
  base64: boolean | null;
}): DoctorFinding[] {
  const out: DoctorFinding[] = [];
  const drift = mediaTypeDrift(o.current, o.deployed);
  out.push(
    hasDrift(drift)
      ? {
          id: "apigateway.drift",
          layer: "apigateway",
          status: "failed",
          cause:
            `Stage ${o.stage} still serves the binary media types of its last deployment` +
            `${drift.added.length > 0 ? `, without ${drift.added.map((t) => `\`${t}\``).join(", ")}` : ""}` +
            `${drift.removed.length > 0 ? `, still with ${drift.removed.map((t) => `\`${t}\``).join(", ")}` : ""}.`,
          fix: `Redeploy stage ${o.stage}: binary media types take effect only when deployed.`,
        }
      : {
          id: "apigateway.drift",
          layer: "apigateway",
          status: "passed",
          cause: `Stage ${o.stage} serves the API's current binary media types.`,
        },
  );
  out.push(acceptFinding(o.accept, o.deployed, o.base64));
  out.push(...checkStarStar(o.deployed, integrationInfos(o.resources)));
  return out;
}

function acceptFinding(accept: string, deployed: readonly string[], base64: boolean | null): DoctorFinding {
  const p = predictDelivery(accept === "" ? null : accept, deployed);
  const who = p.acceptKey ? `the first Accept value \`${p.acceptKey}\`` : "a request without a usable Accept value";
  if (base64 === false) {
    return {
      id: "apigateway.accept",
      layer: "apigateway",
      status: "passed",
      cause: "The function answers text (isBase64Encoded is not true), which API Gateway passes through unchanged.",
    };
  }
  const prefix = base64 === null ? "If the function answers base64 with isBase64Encoded: true, " : "";
  if (p.kind === "binary") {
    return {
      id: "apigateway.accept",
      layer: "apigateway",
      status: base64 === null ? "not-checked" : "passed",
      cause: `${prefix}${who} matches the deployed binary media type \`${p.match}\`, so API Gateway decodes it to bytes.`,
    };
  }
  return {
    id: "apigateway.accept",
    layer: "apigateway",
    status: base64 === null ? "not-checked" : "failed",
    cause: `${prefix}${who} matches no deployed binary media type, so this client gets the base64 text, not the file.`,
    fix:
      firstAcceptValue(accept) && !p.acceptKey?.includes("*")
        ? `Add \`${p.acceptKey}\` to the API's binary media types and redeploy, or have the client send it first in Accept.`
        : "Have the client send the file's media type first in its Accept header, and list that type on the API.",
  };
}
