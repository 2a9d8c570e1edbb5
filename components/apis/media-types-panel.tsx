import { CommandLine } from "@/components/command-line";
import { MediaTypesEditor } from "@/components/media-types/media-types-editor";
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import { updateRestApiCommand } from "@/lib/aws/cli-commands";
import { cliTargetFor } from "@/lib/aws/target";

/** The API's live binary media types: removable chips, the add form, and why it matters (docs/aws-binary-rules.md §0, §3). */
export function MediaTypesPanel({
  region,
  apiId,
  binaryMediaTypes,
  readOnly,
}: {
  region: string;
  apiId: string;
  binaryMediaTypes: string[];
  readOnly: boolean;
}) {
  const cli = cliTargetFor(region);
  return (
    <Card aria-labelledby="media-types-title">
      <CardHeader>
        <CardTitle id="media-types-title">Binary media types</CardTitle>
        <span className="text-xs text-slate-600 dark:text-slate-400">
          Changes apply to a stage only after a redeploy.
        </span>
      </CardHeader>
      <CardBody className="space-y-4">
        <MediaTypesEditor
          region={region}
          apiId={apiId}
          binaryMediaTypes={binaryMediaTypes}
          readOnly={readOnly}
          cli={cli}
        />
        <details className="text-sm text-slate-700 dark:text-slate-300">
          <summary className="cursor-pointer font-medium">How API Gateway uses this list</summary>
          <ul className="mt-2 list-disc space-y-1 pl-5">
            <li>
              A response is sent as bytes only if the Lambda returns <code>isBase64Encoded: true</code> and the{" "}
              <strong>first</strong> value of the request&apos;s <code>Accept</code> header matches an entry. The
              response&apos;s own Content-Type plays no part.
            </li>
            <li>
              Browsers send <code>text/html</code> first when opening a tab and, for <code>&lt;img&gt;</code>,{" "}
              <code>image/jxl</code> (current Chrome), <code>image/avif</code> (Firefox, Edge) or{" "}
              <code>image/webp</code> (Safari) first; <code>fetch()</code> and curl send <code>*/*</code>.
            </li>
            <li>
              Each entry also applies to request bodies: a body whose Content-Type matches an entry reaches the Lambda
              base64-encoded, so <code>*/*</code> base64-encodes every request body (JSON included).
            </li>
          </ul>
        </details>
        {binaryMediaTypes.length && !readOnly ? (
          <details className="text-sm text-slate-700 dark:text-slate-300">
            <summary className="cursor-pointer font-medium">AWS CLI equivalents of the removals</summary>
            <div className="mt-2 space-y-1">
              {binaryMediaTypes.map((t) => (
                <CommandLine key={t} command={updateRestApiCommand("remove", apiId, t, cli)} />
              ))}
            </div>
          </details>
        ) : null}
      </CardBody>
    </Card>
  );
}
