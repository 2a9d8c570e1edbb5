/**
 * Lambda's error replies (docs/aws-binary-rules.md §7 error table): `x-amzn-ErrorType` plus a body with `Type` and
 * `message` (or `Message` for ResourceNotFoundException / ServiceException, as AWS writes them).
 */
import { AwsError } from "../errors";

export { functionNotFound, invalidParameter } from "../errors";

/** 400 ValidationException: a modelled constraint failed ("1 validation error detected: …"); null prints unquoted. */
export const validationError = (field: string, value: unknown, constraint: string) =>
  new AwsError(
    400,
    "ValidationException",
    `1 validation error detected: Value ${value === null ? "null" : `'${String(value)}'`} at '${field}' failed to satisfy constraint: ${constraint}`,
  );

/** 400 SerializationException: the JSON does not fit the operation's shape (unknown member, wrong type). */
export const serializationError = (message: string) => new AwsError(400, "SerializationException", message);

/** 400 InvalidRequestContentException: the body is not JSON. */
export const invalidRequestContent = (message: string) =>
  new AwsError(400, "InvalidRequestContentException", message, { extra: { Type: "User" } });

/** 409 ResourceConflictException (body member lower-case `message`, docs/aws-binary-rules.md §7). */
export const resourceConflict = (message: string) =>
  new AwsError(409, "ResourceConflictException", message, { extra: { Type: "User" } });

/** 404 ResourceNotFoundException with AWS's capital-M `Message` (docs/aws-binary-rules.md §7). */
export const resourceNotFound = (message: string) =>
  new AwsError(404, "ResourceNotFoundException", message, { extra: { Type: "User" }, messageKey: "Message" });

/** 413 RequestTooLargeException. */
export const requestTooLarge = (limit: number, operation: string) =>
  new AwsError(
    413,
    "RequestTooLargeException",
    `Request must be smaller than ${limit} bytes for the ${operation} operation`,
    {
      extra: { Type: "User" },
    },
  );

/** 412 PreconditionFailedException: a RevisionId that is not the current one. */
export const revisionMismatch = () =>
  new AwsError(
    412,
    "PreconditionFailedException",
    "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id",
    { extra: { Type: "User" } },
  );

/** 500 ServiceException (capital-M `Message`, docs/aws-binary-rules.md §7). */
export const serviceError = (message: string) =>
  new AwsError(500, "ServiceException", message, { extra: { Type: "Service" }, messageKey: "Message" });
