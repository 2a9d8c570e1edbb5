/**
 * The question asked before a live change of binary media types to an API that infrastructure as code owns:
 * the next deploy of its stack replaces the whole list, so the change is for testing unless it is also made
 * in the code (docs/real-world-failures.md §P1, §P2). Pure, so the API page's actions and the
 * preview's fix ask the same thing.
 */
import { isIacOwned, liveChangeWarning, type Owner } from "./owner";
import { desiredTypes, type FixInput } from "./tools";

/** What the UI needs to warn and to hand out the fix as code. */
export interface IacLiveChange {
  question: string;
  owner: Owner;
  /** The snippet input: the full list the API should end with. */
  fix: FixInput;
}

/**
 * The warning for adding or removing one type live, or null when no owner was found (nothing to revert it).
 * `current` is the API's list before the change.
 */
export function iacLiveChange(
  owner: Owner,
  api: { name?: string; binaryMediaTypes: string[] },
  change: { add?: string; remove?: string },
): IacLiveChange | null {
  if (!isIacOwned(owner)) return null;
  const what = change.add ? `Add ${change.add}` : `Remove ${change.remove}`;
  return {
    question: `${liveChangeWarning(owner)} ${what} live anyway?`,
    owner,
    fix: { types: desiredTypes(api.binaryMediaTypes, change), apiName: api.name, logicalId: owner.logicalId },
  };
}
