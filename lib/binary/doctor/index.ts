/** The doctor's pure checks: each names the layer that failed and its fix (docs/real-world-failures.md §5). */
export * from "./types";
export * from "./lambda-output";
export * from "./adapters";
export * from "./permission";
export * from "./star-star";
