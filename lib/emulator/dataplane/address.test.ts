import { describe, expect, it } from "vitest";
import { parseExecuteApiAddress } from "./address";

describe("parseExecuteApiAddress (docs/aws-binary-rules.md §9)", () => {
  it.each([
    [
      "abc123defg.execute-api.localhost:4599",
      "/prod/image",
      { apiId: "abc123defg", stage: "prod", path: "/image", query: "", style: "host" },
    ],
    [
      "abc123defg.execute-api.localhost",
      "/prod/files/a%20b?x=1&y",
      { apiId: "abc123defg", stage: "prod", path: "/files/a%20b", query: "x=1&y", style: "host" },
    ],
    [
      "ABC123DEFG.execute-api.localhost.localstack.cloud:4566",
      "/dev",
      { apiId: "abc123defg", stage: "dev", path: "/", query: "", style: "host" },
    ],
    [
      "abc123defg.execute-api.us-east-1.amazonaws.com",
      "/prod/",
      { apiId: "abc123defg", stage: "prod", path: "/", query: "", style: "host" },
    ],
    [
      "127.0.0.1:4599",
      "/_aws/execute-api/abc123defg/prod/image?a=b",
      { apiId: "abc123defg", stage: "prod", path: "/image", query: "a=b", style: "path" },
    ],
    [
      "127.0.0.1:4599",
      "/_aws/execute-api/abc123defg/prod",
      { apiId: "abc123defg", stage: "prod", path: "/", query: "", style: "path" },
    ],
    [
      "localhost",
      "/_aws/execute-api/abc123defg/prod/a/b/",
      { apiId: "abc123defg", stage: "prod", path: "/a/b/", query: "", style: "path" },
    ],
  ])("%s %s", (host, url, expected) => {
    expect(parseExecuteApiAddress(host, url)).toEqual(expected);
  });

  it.each([
    ["127.0.0.1:4599", "/restapis"],
    ["localhost", "/_aws/execute-api/abc123defg"],
    ["localhost", "/_aws/execute-api/abc123defg/"],
    ["execute-api.localhost", "/prod/x"],
    ["evil.com", "/prod/x"],
    [undefined, "/prod/x"],
  ])("not an execute-api address: %s %s", (host, url) => {
    expect(parseExecuteApiAddress(host, url)).toBeNull();
  });

  it("keeps an empty stage for the host style so the caller can answer 403", () => {
    expect(parseExecuteApiAddress("abc.execute-api.localhost", "/")?.stage).toBe("");
  });
});
