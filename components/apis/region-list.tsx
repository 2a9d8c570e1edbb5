import { AWS_REGIONS } from "@/lib/aws/regions";

/** Every region as a link, for pages whose URL named an unknown one ("pick one from the list"). */
export function RegionList({ hrefFor }: { hrefFor: (region: string) => string }) {
  return (
    <nav aria-label="AWS regions">
      <ul className="mt-2 grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-4" data-testid="region-list">
        {AWS_REGIONS.map((r) => (
          <li key={r}>
            <a href={hrefFor(r)} className="font-mono text-sky-800 underline dark:text-sky-300">
              {r}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
