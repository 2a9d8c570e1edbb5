import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ErrorAlert } from "@/components/error-alert";

// The one failure view of pages and panels: what failed, the digest, a Retry button — and never a stack.
describe("ErrorAlert", () => {
  it("shows the title, the digest and a Retry button in an alert", () => {
    const html = renderToStaticMarkup(
      <ErrorAlert title="Stages failed to render." digest="4021337" onRetry={() => {}} />,
    );
    expect(html).toContain('role="alert"');
    expect(html).toContain("Stages failed to render.");
    expect(html).toContain("digest 4021337");
    expect(html).toMatch(/<button[^>]*type="button"[^>]*>Retry<\/button>/);
  });

  it("leaves the digest line out when there is none", () => {
    const html = renderToStaticMarkup(<ErrorAlert title="This page failed to load." onRetry={() => {}} />);
    expect(html).not.toContain("digest");
  });
});
