import { Badge } from "@/components/ui/badge";
import type { Owner } from "@/lib/iac";

/** Who deploys an API, from its tags; the evidence is in the tooltip and for screen readers. */
export function OwnerBadge({ owner }: { owner: Owner }) {
  const known = owner.certainty !== "none";
  return (
    <Badge
      tone={known ? "info" : "neutral"}
      title={owner.evidence}
      aria-label={`Owner: ${owner.label} (${owner.evidence})`}
    >
      {known ? owner.label : "Owner unknown"}
    </Badge>
  );
}
