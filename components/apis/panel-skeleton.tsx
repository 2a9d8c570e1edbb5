import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";

/** A panel's placeholder while its data streams in. */
export function PanelSkeleton({ title }: { title: string }) {
  return (
    <Card aria-busy="true">
      <CardHeader>
        <CardTitle>{title}</CardTitle>
      </CardHeader>
      <CardBody className="animate-pulse space-y-2">
        <div className="h-4 w-2/3 rounded bg-slate-200 dark:bg-slate-700" />
        <div className="h-4 w-1/2 rounded bg-slate-200 dark:bg-slate-700" />
      </CardBody>
    </Card>
  );
}
