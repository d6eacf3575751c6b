/**
 * The range a release covers can only widen, never narrow (pure).
 *
 * The pull requests checked are those between `previous-tag` and the target. A `previous-tag` that
 * is not an ancestor of the target, or that lies after commits no release has shipped yet, would
 * leave those commits unchecked: it is refused. An empty range is never a release "with nothing to
 * check": it is `up-to-date` or an error.
 */
import { InputError } from '../core/errors.js';
import type { RangeFacts } from '../core/facts/range.js';

export type { CompareStatus, RangeFacts } from '../core/facts/range.js';

export type RangeVerdict = { kind: 'range'; previousTag: string | null } | { kind: 'up-to-date'; release: string; why: string };

const ACCEPTED = 'accepted values are tags of commits the target contains, no newer than the latest release the target contains';

/** Where the release range starts, or why there is nothing to release; throws an InputError for a range that would narrow. */
export function releaseRange(facts: RangeFacts, target: string): RangeVerdict {
  const short = target.slice(0, 7);
  // The newest published release the target contains: everything after it is unreleased.
  const latest = facts.releases.find((r) => r.toTarget === 'ahead' || r.toTarget === 'identical') ?? null;
  const { previousTag } = facts;

  if (previousTag === null) {
    if (latest?.toTarget === 'identical') return { kind: 'up-to-date', release: latest.tag, why: `the release ${latest.tag} is already at ${short}` };
    if (latest) return { kind: 'range', previousTag: latest.tag };
    const containing = facts.releases.find((r) => r.toTarget === 'behind');
    if (containing) return { kind: 'up-to-date', release: containing.tag, why: `the release ${containing.tag} already contains ${short}` };
    return { kind: 'range', previousTag: null };
  }

  switch (facts.previousToTarget) {
    case null:
      throw new InputError('previous-tag', previousTag, ACCEPTED, `the previous tag ${previousTag} does not exist`);
    case 'identical':
      return { kind: 'up-to-date', release: previousTag, why: `previous-tag ${previousTag} is already at ${short}: the range is empty` };
    case 'behind':
      throw new InputError('previous-tag', previousTag, ACCEPTED, `the target ${short} is behind ${previousTag}: the range is empty, there is nothing to release`);
    case 'diverged':
      throw new InputError('previous-tag', previousTag, ACCEPTED, `${previousTag} is not an ancestor of the target ${short}, so the range of changes cannot be established`);
    case 'ahead':
      break;
  }
  if (latest && latest.tag !== previousTag && latest.toPrevious !== 'behind' && latest.toPrevious !== 'identical') {
    throw new InputError(
      'previous-tag',
      previousTag,
      ACCEPTED,
      `${previousTag} is newer than ${latest.tag}, the latest release the target contains: the commits after ${latest.tag} have not been released, and a range starting at ${previousTag} would skip them; use ${latest.tag} or an older tag`
    );
  }
  return { kind: 'range', previousTag };
}
