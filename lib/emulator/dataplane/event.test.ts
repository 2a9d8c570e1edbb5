import { describe, expect, it } from "vitest";
import { buildProxyEvent, formatRequestTime, groupHeaders, parseQuery } from "./event";

describe("proxy event, payload format 1.0 (docs/aws-binary-rules.md [V6])", () => {
  it("formats requestTime as AWS does", () => {
    expect(formatRequestTime(new Date(Date.UTC(2026, 10, 24, 21, 0, 0)))).toBe("24/Nov/2026:21:00:00 +0000");
    expect(formatRequestTime(new Date(Date.UTC(2026, 0, 5, 3, 4, 5)))).toBe("05/Jan/2026:03:04:05 +0000");
  });

  it("parses the query as AWS does: last value wins, + is a space, nulls when empty", () => {
    expect(parseQuery("")).toEqual({ queryStringParameters: null, multiValueQueryStringParameters: null });
    expect(
      parseQuery("category=electronics&category=books&price=10&email=test%2Balias%40gmail.com&plus=a+b&flag"),
    ).toEqual({
      queryStringParameters: { category: "books", price: "10", email: "test+alias@gmail.com", plus: "a b", flag: "" },
      multiValueQueryStringParameters: {
        category: ["electronics", "books"],
        price: ["10"],
        email: ["test+alias@gmail.com"],
        plus: ["a b"],
        flag: [""],
      },
    });
  });

  it("keeps header case, last value in headers, all in multiValueHeaders", () => {
    expect(groupHeaders(["Host", "h", "tEsT-HEADeR", "aValUE", "X-Multi", "1", "x-multi", "2"])).toEqual({
      headers: { Host: "h", "tEsT-HEADeR": "aValUE", "X-Multi": "2" },
      multiValueHeaders: { Host: ["h"], "tEsT-HEADeR": ["aValUE"], "X-Multi": ["1", "2"] },
    });
  });

  it("builds the whole event", () => {
    const now = new Date(Date.UTC(2026, 10, 24, 21, 0, 0, 123));
    const event = buildProxyEvent({
      httpMethod: "GET",
      rawPath: "/files/a%20b/",
      rawQuery: "",
      rawHeaders: ["Host", "abc.execute-api.localhost:4599", "User-Agent", "curl/8"],
      resourcePath: "/files/{name}",
      resourceId: "r1",
      pathParameters: { name: "a b" },
      stageVariables: {},
      stage: "prod",
      deploymentId: "d1",
      apiId: "abc",
      accountId: "000000000000",
      domainName: "abc.execute-api.localhost",
      sourceIp: "127.0.0.1",
      requestId: "req-1",
      extendedRequestId: "ext=",
      now,
      body: null,
      isBase64Encoded: false,
    });
    expect(event).toEqual({
      resource: "/files/{name}",
      path: "/files/a b/",
      httpMethod: "GET",
      headers: { Host: "abc.execute-api.localhost:4599", "User-Agent": "curl/8" },
      multiValueHeaders: { Host: ["abc.execute-api.localhost:4599"], "User-Agent": ["curl/8"] },
      queryStringParameters: null,
      multiValueQueryStringParameters: null,
      pathParameters: { name: "a b" },
      stageVariables: null,
      requestContext: {
        resourceId: "r1",
        resourcePath: "/files/{name}",
        httpMethod: "GET",
        extendedRequestId: "ext=",
        requestTime: "24/Nov/2026:21:00:00 +0000",
        path: "/prod/files/a b/",
        accountId: "000000000000",
        protocol: "HTTP/1.1",
        stage: "prod",
        domainPrefix: "abc",
        requestTimeEpoch: now.getTime(),
        requestId: "req-1",
        identity: {
          cognitoIdentityPoolId: null,
          accountId: null,
          cognitoIdentityId: null,
          caller: null,
          sourceIp: "127.0.0.1",
          principalOrgId: null,
          accessKey: null,
          cognitoAuthenticationType: null,
          cognitoAuthenticationProvider: null,
          userArn: null,
          userAgent: "curl/8",
          user: null,
        },
        domainName: "abc.execute-api.localhost",
        deploymentId: "d1",
        apiId: "abc",
      },
      body: null,
      isBase64Encoded: false,
    });
  });
});
