/**
 * The Lambda proxy event the data plane sends. The event's shape is a rule shared with the doctor, so it lives
 * in lib/binary/proxy-event.ts; only the random ids are made here.
 */
import { randomEncoded } from "../ids";

export {
  buildProxyEvent,
  formatRequestTime,
  groupHeaders,
  parseQuery,
  type ProxyEventInput,
} from "../../binary/proxy-event";

/** An id shaped like AWS's extendedRequestId / x-amz-apigw-id (base64 of 10 random bytes, e.g. "JcO3yFRxIAMEJ7A="). */
export function newExtendedRequestId(): string {
  return randomEncoded(10, "base64");
}
