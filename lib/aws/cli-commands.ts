import { binaryMediaTypePatchPath } from "@/lib/binary";

/**
 * The AWS CLI command equivalent to each dashboard change, shown beside the control (so the change can be
 * scripted or reviewed). Pure: the escaping comes from lib/binary (spec §6.1).
 */

function quote(arg: string): string {
  return /^[A-Za-z0-9_./:~=,@-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** `aws apigateway update-rest-api` adding or removing one binary media type. */
export function updateRestApiCommand(op: "add" | "remove", apiId: string, mediaType: string, region: string): string {
  return `aws apigateway update-rest-api --rest-api-id ${quote(apiId)} --patch-operations ${quote(`op=${op},path=${binaryMediaTypePatchPath(mediaType)}`)} --region ${quote(region)}`;
}

/** `aws apigateway create-deployment` to one stage. */
export function createDeploymentCommand(apiId: string, stageName: string, region: string): string {
  return `aws apigateway create-deployment --rest-api-id ${quote(apiId)} --stage-name ${quote(stageName)} --region ${quote(region)}`;
}
