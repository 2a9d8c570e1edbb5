import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";

/**
 * The Preview panel on an API's page: fetch a stage's response with any client's Accept, view it, and
 * see why it is (or is not) binary. Server component; the interactive parts are client components.
 */
export async function PreviewPanel({ region, apiId }: { region: string; apiId: string }) {
  return (
    <Card aria-labelledby="preview-title">
      <CardHeader>
        <CardTitle id="preview-title">Preview</CardTitle>
      </CardHeader>
      <CardBody>
        <p className="text-sm text-slate-600">
          Loading the stages of <code>{apiId}</code> in {region}…
        </p>
      </CardBody>
    </Card>
  );
}
