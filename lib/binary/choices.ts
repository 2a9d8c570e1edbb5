/**
 * The readings this project chose where AWS's behaviour is unknown (docs/aws-binary-rules.md §11.1 "Unknowns an
 * emulator must choose (flag them in UI)"). The rules live in the files named; this list lets the dashboard and the
 * doctor show them, so nobody mistakes a choice for an observation.
 */

/** One documented choice: what we do where no source shows what AWS does. */
export interface UnknownChoice {
  id: string;
  topic: string;
  choice: string;
  why: string;
}

/** Every reading lib/binary applies where AWS is unknown (docs/aws-binary-rules.md §3, §11.1). */
export const AWS_UNKNOWN_CHOICES: readonly UnknownChoice[] = Object.freeze([
  {
    id: "no-accept-with-star",
    topic: "No Accept header while */* is configured",
    choice: "not binary (the body is sent as text)",
    why: "Both emulators that model it say no match [E1][E9]; AWS's behaviour is unverified.",
  },
  {
    id: "no-content-type-with-star",
    topic: "Request body without Content-Type while */* is configured",
    choice: "base64-encoded (binary), as for any content type",
    why: '`*/*` "includes all content types" [A1], and CORS preflights without Content-Type fail under */* like binary payloads (R32, [C12]-[C14]); this reading is inferred, not observed on AWS.',
  },
  {
    id: "case",
    topic: "Upper/lower case in Accept, Content-Type and entries",
    choice: "case-insensitive",
    why: "Media types are case-insensitive by the HTTP standard (RFC 9110); AWS's behaviour is unverified.",
  },
  {
    id: "whitespace",
    topic: "Whitespace around Accept / Content-Type values and entries",
    choice: "trimmed",
    why: "Not observed on AWS; trimming is the usual HTTP reading (inferred).",
  },
  {
    id: "entry-parameters",
    topic: "Parameters inside a configured entry (image/png;q=1)",
    choice: "stripped before matching",
    why: "Other emulators strip them [E1]; AWS's behaviour is unverified.",
  },
  {
    id: "multiple-accept-lines",
    topic: "Several Accept header lines",
    choice: 'joined with ", " as Node does; the first line\'s first value decides',
    why: "AWS's behaviour is unknown; this follows how Node.js joins repeated headers.",
  },
  {
    id: "base64-strictness",
    topic: "Base64 in a Lambda body: whitespace, line breaks, URL-safe alphabet, missing padding",
    choice: "whitespace and URL-safe characters → 500; missing padding accepted",
    why: "AWS's tolerance is unknown; strict standard base64 (RFC 4648), as java.util.Base64.getDecoder() reads it.",
  },
  {
    id: "non-string-body",
    topic: "Lambda body that is a number or an object",
    choice: "502 Internal server error",
    why: "The output format defines body as a string [A4]; strict reading.",
  },
  {
    id: "number-header",
    topic: "Lambda headers value that is a number or null",
    choice: "502 Internal server error",
    why: "Only string and boolean header values pass the AWS-validated rule [V2].",
  },
  {
    id: "unsendable-header",
    topic: "Lambda header with an invalid name or a CR/LF in its value",
    choice: "502 Internal server error",
    why: "It cannot be written to HTTP; the gateway must keep serving.",
  },
  {
    id: "status-range",
    topic: "Lambda statusCode outside 200–599 or fractional",
    choice: "502 Internal server error",
    why: "Not a final HTTP status; [V2] only shows int-like strings accepted.",
  },
  {
    id: "star-subtype-entry",
    topic: "Entering */png as a binary media type",
    choice: "refused by the form with an explanation",
    why: "AWS stores it but it never matches ([V1] rows 5–6).",
  },
]);
