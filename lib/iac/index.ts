/** Infrastructure-as-code awareness: who owns an API (from its tags) and each owner's fix as code. Pure, no I/O. */
export * from "./owner";
export * from "./tools";
export { hclString, samMediaType, yamlString } from "./quote";
export * from "./confirm";
