/**
 * The scan's verdict for one stage, predicted from API Gateway's rules alone (docs/aws-binary-rules.md §0, §3):
 * a Lambda proxy response with isBase64Encoded true reaches a client as bytes only when the FIRST value of the
 * client's Accept matches one of the stage's DEPLOYED binary media types. No request is sent to the API, so the
 * prediction assumes the Lambda returns binary whenever the stage lists a binary type. Pure.
 */
import { CLIENT_ACCEPT_PRESETS, findCatchAll, firstAcceptValue, matchesBinaryMediaTypes } from "@/lib/binary";

/** The clients a fleet scan predicts for: browsers' tabs and images, fetch() and curl. */
export const FLEET_CLIENT_IDS = ["chrome-tab", "chrome-img", "firefox-img", "safari-img", "fetch", "curl"] as const;

/** One client's predicted outcome on a stage. */
export interface ClientPrediction {
  id: string;
  label: string;
  /** True when a binary response reaches it as bytes; false: as base64 text. */
  bytes: boolean;
  /** A browser's <img> load. */
  browser: boolean;
}

/** What a stage is predicted to do for the common clients. */
export interface StagePrediction {
  clients: ClientPrediction[];
  /** The API means to serve binary, yet a browser's <img> gets base64 text. */
  brokenForBrowsers: boolean;
  /** `*\/*` is deployed: every request body reaches the Lambda base64-encoded too. */
  wildcard: boolean;
}

const BROWSERS = new Set(["Chrome", "Firefox", "Safari", "Edge"]);

/**
 * Predicts the common clients' outcome from a stage's deployed binary media types; `apiListsTypes`: the API
 * itself lists binary types (it means to serve binary even when the stage has not caught up).
 */
export function predictStage(deployedTypes: readonly string[], apiListsTypes = false): StagePrediction {
  const clients = FLEET_CLIENT_IDS.map((id) => {
    const preset = CLIENT_ACCEPT_PRESETS.find((p) => p.id === id);
    if (!preset) throw new Error(`unknown client preset ${id}`);
    return {
      id,
      label: preset.label,
      bytes: matchesBinaryMediaTypes(firstAcceptValue(preset.accept), deployedTypes),
      // A page's <img> is what breaks in practice; a tab opening the URL itself is reported, not counted.
      browser: BROWSERS.has(preset.client) && preset.context === "image",
    };
  });
  const brokenForBrowsers = (deployedTypes.length > 0 || apiListsTypes) && clients.some((c) => c.browser && !c.bytes);
  return { clients, brokenForBrowsers, wildcard: findCatchAll(deployedTypes) !== null };
}
