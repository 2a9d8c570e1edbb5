/** Text formats shared by pages and panels (safe on the server and in the browser). */

/** An ISO-8601 UTC instant as "2026-12-01 07:28:05 UTC" (or to the minute); the same text on server and client. */
export function formatUtc(iso: string, precision: "minute" | "second" = "second"): string {
  return `${iso.slice(0, precision === "minute" ? 16 : 19).replace("T", " ")} UTC`;
}
