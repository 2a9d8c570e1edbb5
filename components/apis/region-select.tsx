"use client";

import { Select } from "@/components/ui/input";
import { AWS_REGIONS } from "@/lib/aws/regions";

/** The list's region picker: applies as soon as it changes; without JS the form's Apply button submits it. */
export function RegionSelect({ region }: { region: string }) {
  return (
    <Select name="region" defaultValue={region} onChange={(e) => e.currentTarget.form?.requestSubmit()}>
      {AWS_REGIONS.map((r) => (
        <option key={r} value={r}>
          {r}
        </option>
      ))}
    </Select>
  );
}
