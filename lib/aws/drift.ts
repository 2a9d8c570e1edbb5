/**
 * Stage drift (docs/architecture.md product item 3): a stage serves its deployment's snapshot, so binary media
 * types changed on the API do nothing until a redeploy (docs/aws-binary-rules.md §6.1 "Takes effect only after
 * redeploy"). Pure, so pages and tests share it.
 */

export interface MediaTypeDrift {
  /** On the API but not yet on the stage ("+", would be applied by a redeploy). */
  added: string[];
  /** On the stage but no longer on the API ("−"). */
  removed: string[];
}

/** The difference between the API's current binary media types and a stage's deployed ones. */
export function mediaTypeDrift(current: readonly string[], deployed: readonly string[]): MediaTypeDrift {
  const key = (s: string) => s.toLowerCase();
  const dep = new Set(deployed.map(key));
  const cur = new Set(current.map(key));
  return {
    added: current.filter((t) => !dep.has(key(t))),
    removed: deployed.filter((t) => !cur.has(key(t))),
  };
}

/** True when a stage is behind the API. */
export function hasDrift(d: MediaTypeDrift): boolean {
  return d.added.length > 0 || d.removed.length > 0;
}
