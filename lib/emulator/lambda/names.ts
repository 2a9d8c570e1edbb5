/**
 * Function names as Lambda accepts them in paths and bodies: a name (`hello`), a partial ARN
 * (`123456789012:function:hello`) or a full ARN (`arn:aws:lambda:us-east-1:123456789012:function:hello`),
 * each with an optional `:qualifier` (docs/aws-binary-rules.md §7; docs/development.md §4: colons arrive
 * percent-encoded as %3A).
 */
import { functionNotFound, invalidParameter, validationError } from "./errors";
import { AwsError } from "../errors";

/** AWS's FunctionName pattern for operations that take a qualified name (GetFunction, Invoke, …). */
export const FUNCTION_NAME_PATTERN_TEXT =
  "(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?";

// Same pattern with groups we can read; dots are allowed by AWS's pattern but not in a stored name (see CREATE).
const QUALIFIED_NAME =
  /^(?:arn:(aws[a-zA-Z-]*)?:lambda:)?(?:([a-z]{2}(?:-gov)?-[a-z]+-\d):)?(?:(\d{12}):)?(?:function:)?([a-zA-Z0-9\-_.]+)(?::(\$LATEST|[a-zA-Z0-9\-_]+))?$/;

/** The plain-name rule for a new function (CreateFunction stores names of 1..64 of [a-zA-Z0-9-_]). */
const PLAIN_NAME = /^[a-zA-Z0-9\-_]{1,64}$/;

export interface FunctionRef {
  name: string;
  /** From `name:qualifier` in the name itself. */
  qualifier?: string;
  region?: string;
  account?: string;
}

/** Decodes one percent-encoded path segment, or throws AWS's 400 for bad encoding. */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw invalidParameter(`Invalid path segment: ${segment}`);
  }
}

/** Parses a (possibly qualified, possibly ARN) function name, or throws AWS's ValidationException. */
export function parseFunctionName(input: string, maxLength = 170): FunctionRef {
  if (input.length < 1) {
    throw validationError("functionName", input, "Member must have length greater than or equal to 1");
  }
  if (input.length > maxLength) {
    throw validationError("functionName", input, `Member must have length less than or equal to ${maxLength}`);
  }
  const m = QUALIFIED_NAME.exec(input);
  if (!m) {
    throw validationError(
      "functionName",
      input,
      `Member must satisfy regular expression pattern: ${FUNCTION_NAME_PATTERN_TEXT}`,
    );
  }
  return { name: m[4]!, qualifier: m[5], region: m[2], account: m[3] };
}

/** The ARN of a function, as Lambda writes FunctionArn. */
export function functionArn(region: string, account: string, name: string): string {
  return `arn:aws:lambda:${region}:${account}:function:${name}`;
}

/**
 * Resolves a path's function name and `?Qualifier=` to a stored-function key in the call's region.
 * Only `$LATEST` exists in the emulator (no versions or aliases): any other qualifier is AWS's 404 for
 * that qualified ARN. An ARN naming another region or account cannot address a function here: 404 as well.
 */
export function resolveFunctionRef(
  raw: string,
  queryQualifier: string | null,
  region: string,
  account: string,
): { name: string; qualifier: string | undefined } {
  const ref = parseFunctionName(raw);
  if (queryQualifier !== null && queryQualifier.length === 0) {
    throw validationError("qualifier", queryQualifier, "Member must have length greater than or equal to 1");
  }
  if (queryQualifier !== null && !/^[a-zA-Z0-9$_-]+$/.test(queryQualifier)) {
    throw validationError(
      "qualifier",
      queryQualifier,
      "Member must satisfy regular expression pattern: (|[a-zA-Z0-9$_-]+)",
    );
  }
  if (ref.qualifier !== undefined && queryQualifier !== null && ref.qualifier !== queryQualifier) {
    throw invalidParameter("The derived qualifier from the function name does not match the specified qualifier.");
  }
  const qualifier = ref.qualifier ?? queryQualifier ?? undefined;
  const arn = functionArn(ref.region ?? region, ref.account ?? account, ref.name);
  if ((ref.region !== undefined && ref.region !== region) || (ref.account !== undefined && ref.account !== account)) {
    throw functionNotFound(qualifier ? `${arn}:${qualifier}` : arn);
  }
  if (qualifier !== undefined && qualifier !== "$LATEST") {
    throw functionNotFound(`${arn}:${qualifier}`);
  }
  return { name: ref.name, qualifier };
}

/** Validates CreateFunction's FunctionName (no qualifier; the name part 1..64 characters) and returns the name. */
export function newFunctionName(input: string, region: string, account: string): string {
  const ref = parseFunctionName(input, 140);
  if (ref.qualifier !== undefined) {
    throw invalidParameter("Unsupported function name: a qualifier is not allowed in CreateFunction's FunctionName.");
  }
  if (!PLAIN_NAME.test(ref.name)) {
    throw validationError(
      "functionName",
      input,
      ref.name.length > 64
        ? "Member must have length less than or equal to 64"
        : "Member must satisfy regular expression pattern: [a-zA-Z0-9-_]+",
    );
  }
  if ((ref.region !== undefined && ref.region !== region) || (ref.account !== undefined && ref.account !== account)) {
    throw new AwsError(
      400,
      "InvalidParameterValueException",
      `The function ARN's region or account (${ref.region ?? region}, ${ref.account ?? account}) does not match the request's (${region}, ${account}).`,
      { extra: { Type: "User" } },
    );
  }
  return ref.name;
}
