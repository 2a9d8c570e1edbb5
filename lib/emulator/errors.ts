/**
 * AWS's REST-JSON error shape (docs/aws-binary-rules.md §6.4, §7): status, `x-amzn-ErrorType` header, and a JSON body.
 * API Gateway bodies carry lower-case `message`; Lambda bodies carry `Type` and `Message` or `message`.
 */
export class AwsError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    /** Extra body members (e.g. Lambda's {"Type":"User"}) and the body's message key. */
    readonly options: {
      extra?: Record<string, unknown>;
      messageKey?: "message" | "Message";
      headers?: Record<string, string>;
    } = {},
  ) {
    super(message);
    this.name = type;
  }

  /** The JSON body AWS sends for this error. */
  body(): Record<string, unknown> {
    return { ...(this.options.extra ?? {}), [this.options.messageKey ?? "message"]: this.message };
  }
}

/** API Gateway's 404 for an unknown REST API id. */
export const apiNotFound = (accountId: string, apiId: string) =>
  new AwsError(404, "NotFoundException", `Invalid API identifier specified ${accountId}:${apiId}`);

/** API Gateway's 400. */
export const badRequest = (message: string) => new AwsError(400, "BadRequestException", message);

/** Lambda's 404 for an unknown function (docs/aws-binary-rules.md §7, P10). */
export const functionNotFound = (arn: string) =>
  new AwsError(404, "ResourceNotFoundException", `Function not found: ${arn}`, {
    extra: { Type: "User" },
    messageKey: "Message",
  });

/** Lambda's 400 InvalidParameterValueException. */
export const invalidParameter = (message: string) =>
  new AwsError(400, "InvalidParameterValueException", message, { extra: { Type: "User" }, messageKey: "message" });
