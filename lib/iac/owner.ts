/**
 * Which infrastructure-as-code tool owns a REST API, read from its tags alone (the list call returns them, so
 * the badge costs no extra call). CloudFormation puts `aws:cloudformation:stack-name` and
 * `aws:cloudformation:logical-id` on REST APIs; SAM, the Serverless Framework and CDK are told apart by the
 * logical id they generate. Terraform, Pulumi and SST leave no trace, so they are recognised only through a tag
 * the user names (BINARYGATE_OWNER_TAG). See docs/real-world-failures.md §2.3.
 */
import { type IacToolId, IAC_TOOLS } from "./tools";

export const CFN_STACK_TAG = "aws:cloudformation:stack-name";
export const CFN_LOGICAL_ID_TAG = "aws:cloudformation:logical-id";
export const CFN_STACK_ID_TAG = "aws:cloudformation:stack-id";

/** SAM's implicit API (the one its `Api` events create without an `AWS::Serverless::Api`). */
export const SAM_IMPLICIT_API_ID = "ServerlessRestApi";
/** The Serverless Framework's REST API logical id (`lib/plugins/aws/lib/naming.js`). */
export const SERVERLESS_API_ID = "ApiGatewayRestApi";

/** How sure the classification is. */
export type OwnerCertainty = "certain" | "likely" | "ambiguous" | "user-tag" | "none";

export interface Owner {
  /** The tools the fix is given for, most likely first; empty when the owner is unknown. */
  tools: IacToolId[];
  /** What the user reads, e.g. "AWS SAM" or "CDK or CloudFormation". */
  label: string;
  certainty: OwnerCertainty;
  /** How we know, in the user's words. */
  evidence: string;
  stackName?: string;
  logicalId?: string;
  /** Serverless Framework only: `{service}-{stage}` split from the stack name. */
  service?: string;
  stage?: string;
}

/** CDK appends an 8-hex-digit hash of the construct path to every logical id (e.g. `myapi4C7BF186`). */
const CDK_HASH = /^[A-Za-z][A-Za-z0-9]*[0-9A-F]{8}$/;

/** Tag values users write for each tool, lower-cased (`managed-by = terraform`). */
const USER_TAG_VALUES: Record<string, IacToolId> = {
  terraform: "terraform",
  tf: "terraform",
  opentofu: "terraform",
  tofu: "terraform",
  pulumi: "pulumi",
  sst: "sst",
  cdk: "cdk",
  "aws-cdk": "cdk",
  sam: "sam",
  "aws-sam": "sam",
  serverless: "serverless",
  "serverless-framework": "serverless",
  sls: "serverless",
  cloudformation: "cloudformation",
  cfn: "cloudformation",
};

/** Case-insensitive lookup of a tag key (AWS keys are case-sensitive, but users misremember the case). */
function tagValue(tags: Record<string, string>, key: string): string | undefined {
  if (Object.hasOwn(tags, key)) return tags[key];
  const lower = key.toLowerCase();
  const found = Object.keys(tags).find((k) => k.toLowerCase() === lower);
  return found === undefined ? undefined : tags[found];
}

function fromCloudFormation(stackName: string | undefined, logicalId: string | undefined): Owner {
  const where = stackName ? `stack ${stackName}` : "a CloudFormation stack";
  if (logicalId === SAM_IMPLICIT_API_ID) {
    return {
      tools: ["sam"],
      label: IAC_TOOLS.sam.label,
      certainty: "certain",
      stackName,
      logicalId,
      evidence: `CloudFormation tags: ${where}, logical id ${SAM_IMPLICIT_API_ID} (SAM's implicit API)`,
    };
  }
  if (logicalId === SERVERLESS_API_ID) {
    const cut = stackName ? stackName.lastIndexOf("-") : -1;
    const split = stackName && cut > 0 ? { service: stackName.slice(0, cut), stage: stackName.slice(cut + 1) } : {};
    return {
      tools: ["serverless"],
      label: IAC_TOOLS.serverless.label,
      certainty: "certain",
      stackName,
      logicalId,
      ...split,
      evidence: `CloudFormation tags: ${where}, logical id ${SERVERLESS_API_ID} (the Serverless Framework's API)`,
    };
  }
  if (logicalId && CDK_HASH.test(logicalId)) {
    return {
      tools: ["cdk", "cloudformation"],
      label: "AWS CDK (likely)",
      certainty: "likely",
      stackName,
      logicalId,
      evidence: `CloudFormation tags: ${where}, logical id ${logicalId} ends in a CDK-style hash`,
    };
  }
  const id = logicalId ? `, logical id ${logicalId}` : "";
  return {
    tools: ["cloudformation", "cdk", "sam"],
    label: "CloudFormation or CDK",
    certainty: "ambiguous",
    stackName,
    logicalId,
    evidence: `CloudFormation tags: ${where}${id}; the tags cannot tell which front-end wrote the template`,
  };
}

/**
 * Classifies an API from its tags. `ownerTag` is the user's tag key (BINARYGATE_OWNER_TAG); CloudFormation's own
 * tags win over it, since AWS writes them and users cannot.
 */
export function detectOwner(tags: Record<string, string> | undefined, ownerTag?: string): Owner {
  const t = tags ?? {};
  const stackName = t[CFN_STACK_TAG];
  const logicalId = t[CFN_LOGICAL_ID_TAG];
  if (stackName !== undefined || logicalId !== undefined || t[CFN_STACK_ID_TAG] !== undefined) {
    return fromCloudFormation(stackName, logicalId);
  }
  const value = ownerTag ? tagValue(t, ownerTag)?.trim() : undefined;
  if (ownerTag && value) {
    const tool = USER_TAG_VALUES[value.toLowerCase()];
    const evidence = `tag ${ownerTag} = ${value}`;
    if (tool) return { tools: [tool], label: IAC_TOOLS[tool].label, certainty: "user-tag", evidence };
    return { tools: [], label: value, certainty: "user-tag", evidence };
  }
  return {
    tools: [],
    label: "Unknown",
    certainty: "none",
    evidence: ownerTag
      ? `no CloudFormation tags and no ${ownerTag} tag`
      : "no CloudFormation tags (set BINARYGATE_OWNER_TAG to recognise Terraform, Pulumi or SST by a tag)",
  };
}

/** True when a live change will not survive the owner's next deploy (every known owner; unknown may too). */
export function isIacOwned(owner: Owner): boolean {
  return owner.certainty !== "none";
}

/** The warning shown before a live change, in the user's words. */
export function liveChangeWarning(owner: Owner): string {
  if (owner.certainty === "none") {
    return (
      "No infrastructure-as-code owner was found for this API. If Terraform, Pulumi or another tool deploys it, " +
      "its next apply will revert this change: make the same change in that code too."
    );
  }
  const tool = owner.tools[0];
  const deploy = tool ? IAC_TOOLS[tool].deployCommand : "the next deploy";
  const where = owner.stackName ? ` of stack ${owner.stackName}` : "";
  return (
    `This API is managed by ${owner.label}. A live change is fine for testing, but the next ${deploy}${where} ` +
    "will revert it: make the same change in the code as well."
  );
}
