import { describe, expect, it } from "vitest";
import type { DeploymentSnapshot, MethodRecord, ResourceRecord } from "../model";
import { routeRequest } from "./routing";

const method = (httpMethod: string): MethodRecord => ({ httpMethod, authorizationType: "NONE", apiKeyRequired: false });
const res = (id: string, path: string, methods: string[]): ResourceRecord => ({
  id,
  path,
  methods: Object.fromEntries(methods.map((m) => [m, method(m)])),
});

const snapshot: DeploymentSnapshot = {
  name: "t",
  binaryMediaTypes: [],
  rootResourceId: "root",
  resources: Object.fromEntries(
    [
      res("root", "/", ["GET"]),
      res("img", "/image", ["GET"]),
      res("files", "/files", []),
      res("fname", "/files/{name}", ["GET", "PUT"]),
      res("fme", "/files/me", ["GET"]),
      res("deep", "/files/{name}/meta", ["ANY"]),
      res("proxy", "/{proxy+}", ["ANY"]),
      res("usersAll", "/users/{rest+}", ["POST"]),
    ].map((r) => [r.id, r]),
  ),
};

describe("routeRequest: literal > {param} > {greedy+}, method then ANY", () => {
  it.each([
    ["GET", "/", "root", null],
    ["GET", "/image", "img", null],
    ["GET", "/image/", "img", null],
    ["GET", "/files/me", "fme", null],
    ["GET", "/files/report.pdf", "fname", { name: "report.pdf" }],
    ["GET", "/files/a%20b", "fname", { name: "a b" }],
    ["DELETE", "/files/x/meta", "deep", { name: "x" }],
    ["GET", "/files", "proxy", { proxy: "files" }],
    ["GET", "/a/b/c", "proxy", { proxy: "a/b/c" }],
    ["PATCH", "/image/x", "proxy", { proxy: "image/x" }],
    ["POST", "/users/1/2", "usersAll", { rest: "1/2" }],
  ])("%s %s → %s", (verb, path, id, params) => {
    const r = routeRequest(snapshot, verb, path);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.match.resource.id).toBe(id);
    expect(r.match.pathParameters).toEqual(params);
  });

  it("does not fall back to a less specific resource when the method is missing", () => {
    expect(routeRequest(snapshot, "POST", "/image")).toEqual({ ok: false, reason: "no-method" });
    expect(routeRequest(snapshot, "DELETE", "/files/me")).toEqual({ ok: false, reason: "no-method" });
    expect(routeRequest(snapshot, "GET", "/users/1")).toEqual({ ok: false, reason: "no-method" });
  });

  it("answers no-resource when nothing matches", () => {
    const small: DeploymentSnapshot = {
      ...snapshot,
      resources: { root: res("root", "/", ["GET"]), img: res("img", "/image", ["GET"]) },
    };
    expect(routeRequest(small, "GET", "/nope")).toEqual({ ok: false, reason: "no-resource" });
    expect(routeRequest(small, "GET", "/image/extra")).toEqual({ ok: false, reason: "no-resource" });
  });
});
