import { formatUtc } from "@/lib/format";
import Link from "next/link";
import { connection } from "next/server";
import { RegionSelect } from "@/components/apis/region-select";
import { ResetDemoForm } from "@/app/_components/reset-demo-form";
import { ScanPanel } from "@/components/apis/scan-panel";
import { OwnerBadge } from "@/components/iac/owner-badge";
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
import { type ListStatus, ListStatusSchema } from "@/lib/fleet/input";
import { type ApiScan, estimateScan } from "@/lib/fleet/scan";
import { getScan } from "@/lib/fleet/store";
import { IAC_TOOLS, type IacToolId } from "@/lib/iac";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const link = "text-sky-800 underline dark:text-sky-300";
const muted = "text-slate-600 dark:text-slate-400";

function listHref(region: string, q: string, page: number, status?: string): string {
  const p = new URLSearchParams({ region });
  if (q) p.set("q", q);
  if (status) p.set("status", status);
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
  const rawStatus = (await searchParams).status;
  const status = ListStatusSchema.parse(typeof rawStatus === "string" ? rawStatus : undefined);
  // The scan's results stay in memory until a rescan or a restart (lib/fleet/store).
  const scans = new Map<string, ApiScan>();
  for (const scope of ["all", region]) {
    for (const r of getScan(scope)?.results ?? []) if (r.region === region) scans.set(r.apiId, r);
  }

  // One GetRestApis call per 500 APIs and nothing per API (docs/architecture.md "Performance budget").
  const result = await listAllRestApis(region);

  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold tracking-tight">REST APIs</h1>
      <Card>
        <CardHeader>
          {/* biome-ignore lint/a11y/useSemanticElements: a form with role=search is the search landmark */}
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
        <CardBody className="space-y-3">
          {result.ok ? (
            <ScanPanel region={region} apiCount={result.data.length} estimate={estimateScan(result.data.length)} />
          ) : null}
          {result.ok ? (
            <ApiTable apis={result.data} region={region} q={q} page={parsed.data.page} status={status} scans={scans} />
          ) : null}
        </CardBody>
      </Card>
      {result.ok ? null : <FailureCard error={result.error} retryHref={listHref(region, q, 1)} />}
      {config.target === "local" && !config.readOnly ? <ResetDemoForm /> : null}
    </div>
  );
}

const STATUS_LABEL: Record<string, string> = { drifted: "Drifted", broken: "Broken for browsers" };

function statusLabel(status: string): string {
  const tool = status.startsWith("owner:") ? (status.slice(6) as IacToolId) : null;
  return tool ? `Owned by ${IAC_TOOLS[tool]?.label ?? tool}` : (STATUS_LABEL[status] ?? status);
}

function keep(status: ListStatus, api: RestApiSummary, scan: ApiScan | undefined): boolean {
  if (!status) return true;
  if (status === "drifted") return scan?.drifted === true;
  if (status === "broken") return scan?.brokenForBrowsers === true;
  return api.owner.tools[0] === status.slice(6);
}

/** The status filter: after a scan, drifted and broken; always, the owners present in the list. */
function StatusFilter({
  apis,
  region,
  q,
  status,
  scanned,
}: {
  apis: RestApiSummary[];
  region: string;
  q: string;
  status: ListStatus;
  scanned: boolean;
}) {
  const owners = [...new Set(apis.flatMap((a) => a.owner.tools.slice(0, 1)))].map((t) => `owner:${t}`);
  const options = [...(scanned ? ["drifted", "broken"] : []), ...owners];
  if (options.length === 0) return null;
  return (
    <nav aria-label="Filter by status" className="flex flex-wrap items-center gap-2 text-xs">
      <span className={muted}>Show:</span>
      <Link href={listHref(region, q, 1)} className={link} aria-current={status ? undefined : "page"}>
        All
      </Link>
      {options.map((o) => (
        <Link
          key={o}
          href={listHref(region, q, 1, o)}
          className={link}
          aria-current={status === o ? "page" : undefined}
        >
          {statusLabel(o)}
        </Link>
      ))}
    </nav>
  );
}

function ScanBadges({ scan }: { scan: ApiScan | undefined }) {
  if (!scan) return <span className={`text-xs ${muted}`}>not scanned</span>;
  if (scan.error)
    return (
      <Badge tone="warning" title={scan.error}>
        scan failed
      </Badge>
    );
  const ok = !scan.drifted && !scan.brokenForBrowsers;
  return (
    <div className="flex flex-wrap gap-1">
      {scan.brokenForBrowsers ? (
        <Badge tone="danger" title={`Base64 text for: ${scan.textClients.join(", ")}`}>
          broken for browsers
        </Badge>
      ) : null}
      {scan.drifted ? <Badge tone="warning">drifted</Badge> : null}
      {ok ? <Badge tone="success">{scan.stages.length ? "ok" : "no stages"}</Badge> : null}
    </div>
  );
}

function ApiTable({
  apis,
  region,
  q,
  page,
  status,
  scans,
}: {
  apis: RestApiSummary[];
  region: string;
  q: string;
  page: number;
  status: ListStatus;
  scans: Map<string, ApiScan>;
}) {
  const needle = q.toLowerCase();
  // AWS lists in no useful order; by name (then id) a person can find an API and pages stay stable.
  const sorted = [...apis].sort((a, b) => (a.name === b.name ? (a.id < b.id ? -1 : 1) : a.name < b.name ? -1 : 1));
  const hit = (a: RestApiSummary) => a.name.toLowerCase().includes(needle) || a.id.includes(needle.trim());
  const searched = needle ? sorted.filter(hit) : sorted;
  const matches = searched.filter((a) => keep(status, a, scans.get(a.id)));
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
        No REST API in {region} matches {q ? `“${q}”` : ""}
        {status ? ` (${statusLabel(status)})` : ""}.{" "}
        <Link href={listHref(region, "", 1)} className={link}>
          Clear the search and filter
        </Link>
      </p>
    );
  }
  return (
    <div className="space-y-3">
      <StatusFilter apis={apis} region={region} q={q} status={status} scanned={scans.size > 0} />
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
            <Th>Owner</Th>
            <Th>Binary media types</Th>
            <Th>Scan</Th>
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
              <Td label="Owner">
                <OwnerBadge owner={api.owner} />
              </Td>
              <Td label="Binary media types">
                <div className="flex flex-wrap gap-1">
                  {api.binaryMediaTypes.includes("*/*") ? (
                    <Badge tone="warning" title="Every request body reaches the Lambda base64-encoded">
                      */* risk
                    </Badge>
                  ) : null}
                  {api.binaryMediaTypes.length === 0 ? <span className={`text-xs ${muted}`}>none</span> : null}
                  {api.binaryMediaTypes.map((t) => (
                    <Badge key={t} tone="info" className="font-mono">
                      {t}
                    </Badge>
                  ))}
                </div>
              </Td>
              <Td label="Scan">
                <ScanBadges scan={scans.get(api.id)} />
              </Td>
              <Td label="Created" className={`text-xs whitespace-nowrap ${muted}`}>
                {api.createdDate ? <time dateTime={api.createdDate}>{formatUtc(api.createdDate, "minute")}</time> : ""}
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
      {pages > 1 ? (
        <nav aria-label="Pages" className="flex items-center gap-3 text-sm">
          {current > 1 ? (
            <Link href={listHref(region, q, current - 1, status)} className={link}>
              Previous
            </Link>
          ) : null}
          <span>
            Page {current} of {pages}
          </span>
          {current < pages ? (
            <Link href={listHref(region, q, current + 1, status)} className={link}>
              Next
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}
