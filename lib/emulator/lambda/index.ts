// Placeholder until the Lambda control plane lands (replaced by its owner).
import type { ControlPlane } from "../contracts";
import { AwsError } from "../errors";

/** Lambda's REST-JSON control plane (apiVersion 2015-03-31). */
export const lambdaControlPlane: ControlPlane = async () => {
  throw new AwsError(501, "ServiceException", "The Lambda control plane is not built yet", { extra: { Type: "Service" }, messageKey: "Message" });
};
