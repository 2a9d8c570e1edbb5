import { FailureCard } from "@/components/failure-card";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { listResourcesCached } from "@/lib/aws/cached";

/** Resources and methods with integration type and Lambda function (GetResources embed=methods). */
export async function ResourcesPanel({
  region,
  apiId,
  retryHref,
}: {
  region: string;
  apiId: string;
  retryHref: string;
}) {
  const resources = await listResourcesCached(region, apiId);
  if (!resources.ok)
    return <FailureCard error={resources.error} title="Resources could not be loaded" retryHref={retryHref} />;
  const rows = resources.data.flatMap((r) =>
    r.methods.length
      ? r.methods.map((m) => ({ path: r.path, ...m }))
      : [{ path: r.path, httpMethod: "", integrationType: undefined, lambdaFunctionName: undefined }],
  );
  return (
    <Card aria-labelledby="resources-title">
      <CardHeader>
        <CardTitle id="resources-title">Resources and methods</CardTitle>
      </CardHeader>
      <CardBody>
        <Table label="Resources table">
          <thead>
            <tr>
              <Th>Path</Th>
              <Th>Method</Th>
              <Th>Integration</Th>
              <Th>Lambda function</Th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={`${row.path} ${row.httpMethod}`}>
                <Td label="Path" className="font-mono text-xs">
                  {row.path}
                </Td>
                <Td label="Method" className="font-mono text-xs">
                  {row.httpMethod || <span className="text-slate-500 dark:text-slate-400">—</span>}
                </Td>
                <Td label="Integration">
                  {row.integrationType ? (
                    <Badge tone={row.integrationType === "AWS_PROXY" ? "info" : "neutral"}>{row.integrationType}</Badge>
                  ) : null}
                </Td>
                <Td label="Lambda function" className="font-mono text-xs">
                  {row.lambdaFunctionName ?? ""}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </CardBody>
    </Card>
  );
}
