import { binaryMediaTypePatchPath } from "@/lib/binary";

/**
 * The AWS CLI command equivalent to each dashboard change, shown beside the control (so the change can be
 * scripted or reviewed). Pure: the escaping comes from lib/binary (docs/aws-binary-rules.md §6.1). Every
 * command names the endpoint and region of the target it was shown for: a line copied from the emulator
 * target must never reach real AWS (the AWS CLI before 2.13 ignores AWS_ENDPOINT_URL).
 */

/** Where a displayed command must go: the region, and the endpoint unless it is AWS's own. */
export interface CliTarget {
  region: string;
  /** The emulator's or a custom endpoint's URL; absent for real AWS. */
  endpointUrl?: string;
  /** The emulator's fixed credentials, set inline so a pasted line never signs with a real profile. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

function quote(arg: string): string {
  return /^[A-Za-z0-9_./:~=,@-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

function command(args: string, target: CliTarget): string {
  const c = target.credentials;
  const creds = c ? `AWS_ACCESS_KEY_ID=${quote(c.accessKeyId)} AWS_SECRET_ACCESS_KEY=${quote(c.secretAccessKey)} ` : "";
  const endpoint = target.endpointUrl ? ` --endpoint-url ${quote(target.endpointUrl)}` : "";
  return `${creds}aws ${args} --region ${quote(target.region)}${endpoint}`;
}

/** `aws apigateway update-rest-api` adding or removing one binary media type. */
export function updateRestApiCommand(
  op: "add" | "remove",
  apiId: string,
  mediaType: string,
  target: CliTarget,
): string {
  const patch = quote(`op=${op},path=${binaryMediaTypePatchPath(mediaType)}`);
  return command(`apigateway update-rest-api --rest-api-id ${quote(apiId)} --patch-operations ${patch}`, target);
}

/** `aws apigateway create-deployment` to one stage. */
export function createDeploymentCommand(apiId: string, stageName: string, target: CliTarget): string {
  return command(`apigateway create-deployment --rest-api-id ${quote(apiId)} --stage-name ${quote(stageName)}`, target);
}

/** `aws apigateway update-stage` pointing a stage at an earlier deployment (a rollback). */
export function updateStageDeploymentCommand(
  apiId: string,
  stageName: string,
  deploymentId: string,
  target: CliTarget,
): string {
  const patch = quote(`op=replace,path=/deploymentId,value=${deploymentId}`);
  const stage = `--rest-api-id ${quote(apiId)} --stage-name ${quote(stageName)}`;
  return command(`apigateway update-stage ${stage} --patch-operations ${patch}`, target);
}
