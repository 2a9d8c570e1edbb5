// Placeholder until the API Gateway control plane lands (replaced by its owner).
import type { ControlPlane } from "../contracts";
import { AwsError } from "../errors";

/** API Gateway's REST-JSON control plane (apiVersion 2015-07-09). */
export const apiGatewayControlPlane: ControlPlane = async () => {
  throw new AwsError(501, "ServiceUnavailableException", "The API Gateway control plane is not built yet");
};
