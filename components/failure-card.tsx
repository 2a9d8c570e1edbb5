import type { AwsFailure } from "@/lib/aws/types";
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";

const TITLES: Record<AwsFailure["code"], string> = {
  "not-found": "Not found",
  throttled: "Throttled by the target",
  "access-denied": "Access denied",
  conflict: "Concurrent change",
  "credentials-expired": "Credentials problem",
  "target-unreachable": "Target unreachable",
  "target-timeout": "Target not answering",
  invalid: "Request refused",
  unknown: "Something went wrong",
};

/** A lib/aws failure shown where its panel would be, with a retry link (the same URL, fetched again). */
export function FailureCard({ error, title, retryHref }: { error: AwsFailure; title?: string; retryHref?: string }) {
  return (
    <Card role="alert" className="border-red-200 dark:border-red-900" data-failure={error.code}>
      <CardHeader className="border-red-100 bg-red-50 dark:border-red-900 dark:bg-red-950">
        <CardTitle className="text-red-900 dark:text-red-200">{title ?? TITLES[error.code]}</CardTitle>
      </CardHeader>
      <CardBody className="space-y-2 text-sm text-slate-800 dark:text-slate-200">
        <p>{error.message}</p>
        {error.iamAction ? (
          <p>
            Missing permission: <code className="font-mono">{error.iamAction}</code>
          </p>
        ) : null}
        {retryHref ? (
          <a href={retryHref} className="font-medium text-sky-800 underline dark:text-sky-300">
            Retry
          </a>
        ) : null}
      </CardBody>
    </Card>
  );
}
