import { describe, expect, it } from "vitest";
import { findMostSpecificRoute, parseRouteTemplate, pathSegments } from "./route-template";

const route = (paths: string[], path: string) =>
  findMostSpecificRoute(paths, (p) => parseRouteTemplate(p), pathSegments(path));

// One matcher for the emulator's routing and the preview's path check (docs/aws-binary-rules.md §9): both must pick the
// same route.
describe("findMostSpecificRoute", () => {
  it.each([
    [["/{proxy+}", "/users"], "/users", "/users", {}],
    [["/{proxy+}", "/users"], "/users/42", "/{proxy+}", { proxy: "users/42" }],
    [["/files/{name}", "/{proxy+}"], "/files/a.pdf", "/files/{name}", { name: "a.pdf" }],
    [["/files/{name}", "/{proxy+}"], "/files/a/b.pdf", "/{proxy+}", { proxy: "files/a/b.pdf" }],
    [["/", "/{proxy+}"], "/", "/", {}],
    // Decided segment by segment, not by a total score: the literal first segment wins.
    [["/{y}/b/c", "/a/{x}/c"], "/a/b/c", "/a/{x}/c", { x: "b" }],
    [["/a/{x}/c", "/{y}/b/c"], "/a/b/c", "/a/{x}/c", { x: "b" }],
    // Trailing slashes and empty segments are ignored for matching ([V6]).
    [["/{proxy+}"], "/test-path/", "/{proxy+}", { proxy: "test-path" }],
  ])("%j ← %s is %s", (paths, path, want, params) => {
    const got = route(paths, path);
    expect(got?.item).toBe(want);
    expect(got?.params).toEqual(params);
  });

  it.each([
    [["/users"], "/users/42"],
    [["/{proxy+}"], "/"],
    [["/files/{name}"], "/files"],
  ])("%j does not route %s", (paths, path) => {
    expect(route(paths, path)).toBeNull();
  });
});
