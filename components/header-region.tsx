"use client";

import { useSearchParams } from "next/navigation";
import { AWS_REGIONS } from "@/lib/aws/regions";

/** The region of the page being shown (?region=), else the default: the header must name the region a change would hit. */
export function HeaderRegion({ defaultRegion }: { defaultRegion: string }) {
  const fromUrl = useSearchParams().get("region");
  const region = fromUrl && (AWS_REGIONS as readonly string[]).includes(fromUrl) ? fromUrl : defaultRegion;
  return <span data-testid="header-region">{region}</span>;
}
