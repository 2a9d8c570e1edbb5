import { describe, expect, it } from "vitest";
import { downloadName } from "@/components/preview/fetch-preview";

// Downloads are named from Content-Disposition when the stage sent one, else from the route and the
// sniffed format's extension; names never carry path separators or control characters.
describe("downloadName", () => {
  it.each<[[string, string][], string, string | null, string]>([
    [[["content-disposition", 'attachment; filename="report-2026.pdf"']], "/report", "pdf", "report-2026.pdf"],
    [[["content-disposition", "attachment; filename*=UTF-8''caf%C3%A9.png"]], "/x", "png", "café.png"],
    [[], "/files/logo", "png", "logo.png"],
    [[], "/files/logo.png", "png", "logo.png"],
    [[], "/", null, "response"],
    [[["content-disposition", 'attachment; filename="../../etc/passwd"']], "/x", null, ".._.._etc_passwd"],
    [[], "/items/a%2Fb", "jpg", "a_b.jpg"],
  ])("%j %s %s → %s", (headers, path, ext, expected) => {
    expect(downloadName(headers, path, ext)).toBe(expected);
  });
});
