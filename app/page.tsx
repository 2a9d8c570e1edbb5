import Link from "next/link";
import { connection } from "next/server";
import { RegionSelect } from "@/components/apis/region-select";
import { ResetDemoForm } from "@/components/apis/reset-demo-form";
import { UnknownRegion } from "@/components/apis/unknown-region";
import { FailureCard } from "@/components/failure-card";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { countOf } from "@/components/ui/format";
import { Input } from "@/components/ui/input";
import { Table, Td, Th } from "@/components/ui/table";
import { listAllRestApis } from "@/lib/aws";
import type { RestApiSummary } from "@/lib/aws/types";
import { API_LIST_PAGE_SIZE, ApiListQuerySchema } from "@/lib/aws/inputs";
import { AWS_REGIONS } from "@/lib/aws/regions";
import { getConfig } from "@/lib/config";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const link = "text-sky-800 underline dark:text-sky-300";
const muted = "text-slate-600 dark:text-slate-400";

function listHref(region: string, q: string, page: number): string {
  const p = new URLSearchParams({ region });
  if (q) p.set("q", q);
  if (page > 1) p.set("page", String(page));
  return `/?${p.toString()}`;
}

/** `/`: every REST API of the target and region, searchable and paged through the URL (docs/architecture.md item 1). */
export default async function ApiListPage({ searchParams }: { searchParams: SearchParams }) {
  await connection();
  const config = getConfig();
  const parsed = ApiListQuerySchema.safeParse(await searchParams);
  if (!parsed.success) return <UnknownRegion hrefFor={(r) => listHref(r, "", 1)} />;
  const region =
    parsed.data.region ?? (AWS_REGIONS as readonly string[]).find((r) => r === config.defaultRegion) ?? "us-east-1";
  const { q } = parsed.data;

  // One GetRestApis call per 500 APIs and nothing per API (docs/architecture.md "Performance budget").
  const result = await listAllRestApis(region);

  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold tracking-tight">REST APIs</h1>
      <Card>
        <CardHeader>
          <form method="get" action="/" className="flex flex-wrap items-end gap-2" role="search">
            <label className="flex flex-col text-xs font-medium text-slate-700 dark:text-slate-300">
              Region
              <RegionSelect region={region} />
            </label>
            <label className="flex flex-col text-xs font-medium text-slate-700 dark:text-slate-300">
              Search
              <Input
                type="search"
                name="q"
                defaultValue={q}
                placeholder="name or id"
                aria-label="Search by name or id"
              />
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
      {config.target === "local" && !config.readOnly ? <ResetDemoForm /> : null}
    </div>
  );
}

function ApiTable({ apis, region, q, page }: { apis: RestApiSummary[]; region: string; q: string; page: number }) {
  const needle = q.toLowerCase();
  // AWS lists in no useful order; by name (then id) a person can find an API and pages stay stable.
  const sorted = [...apis].sort((a, b) => (a.name === b.name ? (a.id < b.id ? -1 : 1) : a.name < b.name ? -1 : 1));
  const matches = needle
    ? sorted.filter((a) => a.name.toLowerCase().includes(needle) || a.id.includes(needle.trim()))
    : sorted;
  const pages = Math.max(1, Math.ceil(matches.length / API_LIST_PAGE_SIZE));
  const current = Math.min(page, pages);
  const shown = matches.slice((current - 1) * API_LIST_PAGE_SIZE, current * API_LIST_PAGE_SIZE);

  if (apis.length === 0) {
    return (
      <div className={`py-8 text-center text-sm ${muted}`} data-testid="empty-state">
        <p className="font-medium text-slate-800 dark:text-slate-200">No REST APIs in {region}.</p>
        <p>Create one with the AWS CLI or the console, or pick another region.</p>
      </div>
    );
  }
  if (matches.length === 0) {
    return (
      <p className={`py-8 text-center text-sm ${muted}`} data-testid="empty-state">
        No REST API in {region} matches “{q}”.{" "}
        <Link href={listHref(region, "", 1)} className={link}>
          Clear the search
        </Link>
      </p>
    );
  }
  return (
    <div className="space-y-3">
      <p className={`text-xs ${muted}`} data-testid="api-count">
        {matches.length} of {countOf(apis.length, "REST API")} in {region}
        {pages > 1 ? ` · page ${current} of ${pages}` : ""}
      </p>
      <Table label="REST APIs table">
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
              <Td label="Name">
                <Link
                  href={`/apis/${api.id}?region=${region}`}
                  className="font-medium text-sky-800 hover:underline dark:text-sky-300"
                >
                  {api.name || api.id}
                </Link>
              </Td>
              <Td label="ID" className="font-mono text-xs sm:whitespace-nowrap">
                {api.id}
              </Td>
              <Td label="Description" className={`max-w-xs ${muted}`}>
                {api.description ?? ""}
              </Td>
              <Td label="Binary media types">
                <div className="flex flex-wrap gap-1">
                  {api.binaryMediaTypes.length === 0 ? <span className={`text-xs ${muted}`}>none</span> : null}
                  {api.binaryMediaTypes.map((t) => (
                    <Badge key={t} tone="info" className="font-mono">
                      {t}
                    </Badge>
                  ))}
                </div>
              </Td>
              <Td label="Created" className={`text-xs whitespace-nowrap ${muted}`}>
                {api.createdDate ? (
                  <time dateTime={api.createdDate}>{api.createdDate.slice(0, 16).replace("T", " ")} UTC</time>
                ) : (
                  ""
                )}
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
      {pages > 1 ? (
        <nav aria-label="Pages" className="flex items-center gap-3 text-sm">
          {current > 1 ? (
            <Link href={listHref(region, q, current - 1)} className={link}>
              Previous
            </Link>
          ) : null}
          <span>
            Page {current} of {pages}
          </span>
          {current < pages ? (
            <Link href={listHref(region, q, current + 1)} className={link}>
              Next
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}
