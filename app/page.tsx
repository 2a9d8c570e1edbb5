import Link from "next/link";
import { connection } from "next/server";
import { FailureCard } from "@/components/failure-card";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import { Input, Select } from "@/components/ui/input";
import { Table, Td, Th } from "@/components/ui/table";
import { listAllRestApis } from "@/lib/aws";
import type { RestApiSummary } from "@/lib/aws/types";
import { API_LIST_PAGE_SIZE, ApiListQuerySchema } from "@/lib/aws/inputs";
import { AWS_REGIONS } from "@/lib/aws/regions";
import { getConfig } from "@/lib/config";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function listHref(region: string, q: string, page: number): string {
  const p = new URLSearchParams({ region });
  if (q) p.set("q", q);
  if (page > 1) p.set("page", String(page));
  return `/?${p.toString()}`;
}

/** `/`: every REST API of the target and region, searchable and paged through the URL (architecture.md item 1). */
export default async function ApiListPage({ searchParams }: { searchParams: SearchParams }) {
  await connection();
  const config = getConfig();
  const parsed = ApiListQuerySchema.safeParse(await searchParams);
  if (!parsed.success) {
    return (
      <FailureCard
        error={{ code: "invalid", message: "The region in the URL is not an AWS region. Pick one from the list." }}
        title="Unknown region"
        retryHref="/"
      />
    );
  }
  const region = parsed.data.region ?? (AWS_REGIONS as readonly string[]).find((r) => r === config.defaultRegion) ?? "us-east-1";
  const { q } = parsed.data;

  // One GetRestApis call per 500 APIs and nothing per API (architecture.md "Performance budget").
  const result = await listAllRestApis(region);

  return (
    <div className="space-y-4">
      <Card>
        <CardHeader>
          <CardTitle>REST APIs</CardTitle>
          <form method="get" action="/" className="flex flex-wrap items-end gap-2" role="search">
            <label className="flex flex-col text-xs font-medium text-slate-700">
              Region
              <Select name="region" defaultValue={region} aria-label="Region">
                {AWS_REGIONS.map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
              </Select>
            </label>
            <label className="flex flex-col text-xs font-medium text-slate-700">
              Search
              <Input type="search" name="q" defaultValue={q} placeholder="name or id" aria-label="Search by name or id" />
            </label>
            <Button type="submit" variant="secondary">
              Apply
            </Button>
          </form>
        </CardHeader>
        <CardBody>
          {result.ok ? <ApiTable apis={result.data} region={region} q={q} page={parsed.data.page} /> : null}
        </CardBody>
      </Card>
      {result.ok ? null : <FailureCard error={result.error} retryHref={listHref(region, q, 1)} />}
    </div>
  );
}

function ApiTable({
  apis,
  region,
  q,
  page,
}: {
  apis: RestApiSummary[];
  region: string;
  q: string;
  page: number;
}) {
  const needle = q.toLowerCase();
  // AWS lists in no useful order; by name (then id) a person can find an API and pages stay stable.
  const sorted = [...apis].sort((a, b) => (a.name === b.name ? (a.id < b.id ? -1 : 1) : a.name < b.name ? -1 : 1));
  const matches = needle ? sorted.filter((a) => a.name.toLowerCase().includes(needle) || a.id.includes(needle.trim())) : sorted;
  const pages = Math.max(1, Math.ceil(matches.length / API_LIST_PAGE_SIZE));
  const current = Math.min(page, pages);
  const shown = matches.slice((current - 1) * API_LIST_PAGE_SIZE, current * API_LIST_PAGE_SIZE);

  if (apis.length === 0) {
    return (
      <div className="py-8 text-center text-sm text-slate-600" data-testid="empty-state">
        <p className="font-medium text-slate-800">No REST APIs in {region}.</p>
        <p>Create one with the AWS CLI or the console, or pick another region.</p>
      </div>
    );
  }
  if (matches.length === 0) {
    return (
      <p className="py-8 text-center text-sm text-slate-600" data-testid="empty-state">
        No REST API in {region} matches “{q}”. <Link href={listHref(region, "", 1)} className="text-sky-800 underline">Clear the search</Link>
      </p>
    );
  }
  return (
    <div className="space-y-3">
      <p className="text-xs text-slate-600" data-testid="api-count">
        {matches.length} of {apis.length} REST APIs in {region}
        {pages > 1 ? ` · page ${current} of ${pages}` : ""}
      </p>
      <Table>
        <thead>
          <tr>
            <Th>Name</Th>
            <Th>ID</Th>
            <Th>Description</Th>
            <Th>Binary media types</Th>
            <Th>Created</Th>
          </tr>
        </thead>
        <tbody>
          {shown.map((api) => (
            <tr key={api.id}>
              <Td>
                <Link href={`/apis/${api.id}?region=${region}`} className="font-medium text-sky-800 hover:underline">
                  {api.name || api.id}
                </Link>
              </Td>
              <Td className="font-mono text-xs">{api.id}</Td>
              <Td className="max-w-xs text-slate-600">{api.description ?? ""}</Td>
              <Td>
                <div className="flex flex-wrap gap-1">
                  {api.binaryMediaTypes.length === 0 ? <span className="text-xs text-slate-500">none</span> : null}
                  {api.binaryMediaTypes.map((t) => (
                    <Badge key={t} tone="info" className="font-mono">
                      {t}
                    </Badge>
                  ))}
                </div>
              </Td>
              <Td className="text-xs whitespace-nowrap text-slate-600">
                {api.createdDate ? <time dateTime={api.createdDate}>{api.createdDate.slice(0, 16).replace("T", " ")} UTC</time> : ""}
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
      {pages > 1 ? (
        <nav aria-label="Pages" className="flex items-center gap-3 text-sm">
          {current > 1 ? (
            <Link href={listHref(region, q, current - 1)} className="text-sky-800 underline">
              Previous
            </Link>
          ) : null}
          <span>
            Page {current} of {pages}
          </span>
          {current < pages ? (
            <Link href={listHref(region, q, current + 1)} className="text-sky-800 underline">
              Next
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}
