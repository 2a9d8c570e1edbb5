/**
 * lib/binary — the one place AWS's binary rules live (docs/aws-binary-rules.md).
 * Pure functions, no I/O, no imports from the rest of the app; safe in the browser.
 */
export * from "./limits";
export * from "./media-type";
export * from "./accept";
export * from "./match";
export * from "./base64";
export * from "./utf8";
export * from "./request";
export * from "./response";
export * from "./patch-path";
export * from "./sniff";
export * from "./clients";
export * from "./choices";
export * from "./route-template";
export * from "./uri";
export * from "./transfer-mode";
export * from "./stream-prelude";
export * from "./stream-verdict";
export * from "./stream-choices";
export * from "./doctor";
export * from "./proxy-event";
