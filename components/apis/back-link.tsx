"use client";

import { useSearchParams } from "next/navigation";
import { AWS_REGIONS } from "@/lib/aws/regions";

/** "← All REST APIs", keeping the region of the current URL when it names a known one. */
export function BackLink() {
  const region = useSearchParams().get("region");
  const known = region && (AWS_REGIONS as readonly string[]).includes(region) ? region : null;
  return (
    <a
      href={known ? `/?region=${known}` : "/"}
      className="text-sm font-medium text-sky-800 underline dark:text-sky-300"
    >
      ← All REST APIs{known ? ` in ${known}` : ""}
    </a>
  );
}
