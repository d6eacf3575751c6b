/**
 * When a pull request's branch was last pushed, from what GitHub records about pushes (never
 * from committer dates, which whoever commits sets).
 *
 * - A branch of this repository: the repository activity API (`GET /repos/{o}/{r}/activity`)
 *   lists every push, force push and branch creation with its time and pusher, also for branches
 *   deleted after the merge. For a few pull requests each branch is read by `ref`; for more, the
 *   repository's activity is read newest first until every branch's record is complete, so the
 *   REST requests grow with the activity (100 entries each), not with the pull requests.
 * - A fork's branch: its pushes are the fork's activity, which the base repository's token does
 *   not read. The best record GitHub keeps here: when the head commit's first check suite was
 *   created (a pull_request workflow run starts on every push) and the timeline's force pushes.
 *
 * When no record bounds the push time, `lastPushAt` is null and `pushSource` says why: no
 * approval then counts.
 */
import type { GitHub } from '../core/github/client.js';
import type { Push } from '../core/facts/pull-requests.js';
import type { PullRequestDetails } from './pull-request-details.js';
import type { RepoRef } from './deployments.js';

/** Up to this many branches are read one by one (`ref=`); more share one read of the repository's activity. */
export const BRANCHES_READ_BY_REF = 3;
/** At most this many activity pages (100 entries each) per release decision. */
export const MAX_ACTIVITY_PAGES = 100;

export interface PushRecord {
  lastPushAt: Date | null;
  pushSource: string;
  pushes: Push[] | null;
}

interface RawActivity {
  ref: string;
  after: string;
  timestamp: string;
  activity_type: string;
  actor: { login: string; type?: string } | null;
}

const BRANCH_MOVES = new Set(['push', 'force_push', 'branch_creation']);

function pusher(actor: RawActivity['actor']): Push['actor'] {
  // A deleted account shows as `ghost`: nobody we can name.
  if (!actor || actor.login === 'ghost') return null;
  return { login: actor.login, isBot: actor.type === 'Bot' || /\[bot\]$/i.test(actor.login) };
}

/** Push records of pull requests whose branch lives in this repository, by number; `requests` counts REST calls. */
export async function ownBranchPushes(gh: GitHub, repo: RepoRef, prs: PullRequestDetails[]): Promise<{ records: Map<number, PushRecord>; requests: number }> {
  const byRef = new Map<string, RawActivity[]>();
  const refOf = (pr: PullRequestDetails): string => `refs/heads/${pr.headRef}`;
  for (const pr of prs) byRef.set(refOf(pr), []);
  let requests = 0;
  // Complete for a pull request once its branch's creation at or before the pull request's opening is seen.
  const complete = (pr: PullRequestDetails): boolean =>
    (byRef.get(refOf(pr)) ?? []).some((a) => a.activity_type === 'branch_creation' && new Date(a.timestamp) <= pr.createdAt);

  const readPages = async (ref: string | null, done: () => boolean): Promise<void> => {
    let after: string | undefined;
    for (let page = 0; page < MAX_ACTIVITY_PAGES; page++) {
      requests += 1;
      const response = await gh.call(`Reading the repository activity${ref ? ` of ${ref}` : ''}`, (rest) =>
        rest.rest.repos.listActivities({ ...repo, per_page: 100, ...(ref ? { ref } : {}), ...(after ? { after } : {}) })
      );
      for (const entry of response.data as unknown as RawActivity[]) byRef.get(entry.ref)?.push(entry);
      const next = /<([^>]+)>;\s*rel="next"/.exec(String(response.headers.link ?? ''))?.[1];
      after = next ? (new URL(next).searchParams.get('after') ?? undefined) : undefined;
      if (!after || done()) return;
    }
  };
  if (prs.length <= BRANCHES_READ_BY_REF) {
    for (const pr of prs) await readPages(refOf(pr), () => complete(pr));
  } else {
    await readPages(null, () => prs.every(complete));
  }

  const records = new Map<number, PushRecord>();
  for (const pr of prs) records.set(pr.number, recordOf(pr, byRef.get(refOf(pr)) ?? []));
  return { records, requests };
}

/** The pushes of the branch's life that holds the pull request, and the last one up to its merge. */
function recordOf(pr: PullRequestDetails, entries: RawActivity[]): PushRecord {
  const ref = `refs/heads/${pr.headRef}`;
  const oldestFirst = [...entries].sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
  // The branch may have lived before under the same name: start at its creation before the pull request was opened.
  let start = 0;
  oldestFirst.forEach((a, i) => {
    if (a.activity_type === 'branch_creation' && new Date(a.timestamp) <= pr.createdAt) start = i;
  });
  const life: RawActivity[] = [];
  for (const a of oldestFirst.slice(start)) {
    if (life.length > 0 && a.activity_type === 'branch_creation') break;
    if (a.activity_type === 'branch_deletion' && pr.mergedAt && new Date(a.timestamp) >= pr.mergedAt) break;
    if (BRANCH_MOVES.has(a.activity_type)) life.push(a);
  }
  const pushes: Push[] = life.map((a) => ({
    at: new Date(a.timestamp),
    actor: pusher(a.actor),
    kind: a.activity_type === 'force_push' ? 'force-push' : 'push',
    after: a.after && !/^0+$/.test(a.after) ? a.after : null
  }));
  const until = pr.mergedAt ?? new Date(8.64e15);
  const last = [...pushes].reverse().find((p) => p.at <= until);
  if (!last) {
    return {
      lastPushAt: null,
      pushSource: `the repository activity lists no push to ${ref} up to the merge (GitHub may no longer keep it), so when its code last changed is unknown`,
      pushes: pushes.length > 0 ? pushes : null
    };
  }
  const kind = last.kind === 'force-push' ? 'force push' : 'push';
  return {
    lastPushAt: last.at,
    pushSource: `repository activity: ${kind} to ${ref} by ${last.actor ? `@${last.actor.login}` : 'a deleted account'}`,
    pushes
  };
}

/**
 * A fork's branch: the later of the head commit's first check suite and the last force push up
 * to the merge. A plain push to a fork leaves no record here, so a head commit without a check
 * suite, that no force push brought either, has no bound.
 */
export function forkBranchPushes(pr: PullRequestDetails): PushRecord {
  const until = pr.mergedAt ?? new Date(8.64e15);
  const forced = pr.forcePushes.filter((p) => p.at <= until);
  const lastForce = forced[forced.length - 1];
  const suite = pr.headCheckSuites[0];
  const head = pr.headSha.slice(0, 7);
  if (!suite && (!lastForce || lastForce.after !== pr.headSha)) {
    return {
      lastPushAt: null,
      pushSource: `its branch is in a fork, whose pushes GitHub does not record here, and head ${head} has no check suite that shows when it arrived`,
      pushes: null
    };
  }
  if (lastForce && (!suite || lastForce.at > suite)) {
    return {
      lastPushAt: lastForce.at,
      pushSource: `fork branch: force push by ${lastForce.actor ? `@${lastForce.actor.login}` : 'a deleted account'} (timeline)`,
      pushes: null
    };
  }
  return {
    lastPushAt: suite ?? null,
    pushSource: `fork branch: first check suite of head ${head} (GitHub records no push time for forks)`,
    pushes: null
  };
}

/**
 * A change of the pull request's base branch changes what it brings (commits the new base lacks
 * join it) without any push: an approval before it approved other code. So the latest base change
 * up to the merge bounds the approvals like a push does, when it is later than the last push.
 */
export function withBaseChanges(pr: Pick<PullRequestDetails, 'baseChanges' | 'mergedAt'>, record: PushRecord): PushRecord {
  const until = pr.mergedAt ?? new Date(8.64e15);
  const change = [...pr.baseChanges].reverse().find((c) => c.at <= until);
  if (!change || !record.lastPushAt || change.at <= record.lastPushAt) return record;
  const by = change.actor ? `@${change.actor.login}` : 'a deleted account';
  return {
    ...record,
    lastPushAt: change.at,
    pushSource: `timeline: base branch changed from ${change.from} to ${change.to} by ${by}, which changed what the pull request brings without a push`
  };
}
