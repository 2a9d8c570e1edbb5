import { RegionList } from "@/components/apis/region-list";
import { Card, CardBody, CardHeader } from "@/components/ui/card";

/** A URL whose ?region= is not an AWS region: say so and show every region to pick from. */
export function UnknownRegion({ hrefFor }: { hrefFor: (region: string) => string }) {
  return (
    <div className="space-y-3">
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900 dark:text-slate-100">Unknown region</h1>
      <Card role="alert" className="border-red-200 dark:border-red-900" data-failure="invalid">
        <CardHeader className="border-red-100 bg-red-50 dark:border-red-900 dark:bg-red-950">
          <p className="text-sm font-semibold text-red-900 dark:text-red-200">
            The region in the URL is not an AWS region.
          </p>
        </CardHeader>
        <CardBody className="text-sm text-slate-800 dark:text-slate-200">
          <p>Pick one from the list:</p>
          <RegionList hrefFor={hrefFor} />
        </CardBody>
      </Card>
    </div>
  );
}
