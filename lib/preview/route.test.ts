import { describe, expect, it } from "vitest";
import { defaultRoute, fillRoute, routeParams } from "./route";

describe("preview routes (lib/binary/route-template underneath)", () => {
  it("lists a template's parameters; a brace inside a segment is not one (as the data plane reads it)", () => {
    expect(routeParams("/files/{name}/{proxy+}")).toEqual([
      { name: "name", greedy: false },
      { name: "proxy", greedy: true },
    ]);
    expect(routeParams("/a{x}b")).toEqual([]);
  });

  it("fills values percent-encoded per segment; a greedy value may span segments", () => {
    expect(fillRoute("/files/{name}", { name: "a b?.pdf" })).toEqual({ path: "/files/a%20b%3F.pdf", missing: null });
    expect(fillRoute("/{proxy+}", { proxy: "/a/b c/" })).toEqual({ path: "/a/b%20c", missing: null });
    expect(fillRoute("/files/{name}", {})).toEqual({ path: "/files/", missing: "name" });
    expect(fillRoute("/", {})).toEqual({ path: "/", missing: null });
  });

  it("opens on a resource without {params} that has a method", () => {
    const routes = [
      { path: "/", methods: [] },
      { path: "/files/{name}", methods: ["GET"] },
      { path: "/image", methods: ["GET"] },
    ];
    expect(defaultRoute(routes)?.path).toBe("/image");
    expect(defaultRoute([{ path: "/files/{name}", methods: ["GET"] }])?.path).toBe("/files/{name}");
    expect(defaultRoute([])).toBeNull();
  });
});
