/**
 * "Deployed" means live now (pure). An environment's current deployment is its newest deployment
 * whose latest status is `success` (a later `inactive` on it means something replaced it). A commit
 * is live in an environment when that deployment is of the commit or of a descendant of it: a
 * rollback, or a move to a commit that does not contain it, makes it not live, whatever its own
 * deployment once said. Both actions use this rule (release-action's `require-deployment`).
 */

/** One deployment, as the rule needs it. */
export interface LiveDeployment {
  id: number;
  sha: string;
  createdAt: Date;
  /** Latest status state (`success`, `inactive`, `failure`, ...), or null when it has none. */
  state: string | null;
  environmentUrl: string | null;
  logUrl: string | null;
  creator: string | null;
}

export type LiveVerdict =
  | { ok: true; deployment: LiveDeployment }
  | { ok: false; code: 'not-deployed' | 'deployment-not-successful'; message: string; deployment: LiveDeployment | null };

const short = (sha: string) => sha.slice(0, 7);

/**
 * Whether `target` is live in `environment`.
 * @param live the environment's current deployment, or null when none reads `success`.
 * @param containsTarget whether `live` is of `target` or of a descendant of it.
 * @param own the target's own newest deployment to the environment, if any: when it is newer than
 *   `live` and has not succeeded, it says why the target is not live yet.
 */
export function liveVerdict(
  environment: string,
  target: string,
  live: LiveDeployment | null,
  containsTarget: boolean,
  own: LiveDeployment | null = null
): LiveVerdict {
  const sha = short(target);
  if (live && containsTarget) return { ok: true, deployment: live };

  const now = live
    ? `${environment} runs ${short(live.sha)} now (deployment ${live.id}), which does not contain ${sha}`
    : `no deployment to ${environment} is live (none reads \`success\`)`;
  const ownIsNewer = own && own.sha.toLowerCase() === target.toLowerCase() && (!live || own.createdAt.getTime() >= live.createdAt.getTime());
  if (own && ownIsNewer && own.state !== 'success') {
    const what = `The deployment of ${sha} to ${environment} (id ${own.id})`;
    let message: string;
    switch (own.state) {
      case null:
        message = `${what} has no status yet, so it is not known to be live; wait for it to report success.`;
        break;
      case 'inactive':
        message = `${what} is \`inactive\`: a newer deployment replaced it, so ${sha} is no longer what runs there; deploy ${sha} to ${environment} again or release the commit that is live.`;
        break;
      case 'queued':
      case 'pending':
      case 'in_progress':
        message = `${what} is still \`${own.state}\`; wait for it to succeed and re-run the release.`;
        break;
      default:
        message = `${what} ended in \`${own.state}\`, not \`success\`; fix and redeploy ${sha} to ${environment}.`;
    }
    return { ok: false, code: 'deployment-not-successful', message: live ? `${message} (${now}.)` : message, deployment: own };
  }
  return {
    ok: false,
    code: 'not-deployed',
    message: `${sha} is not deployed to ${environment}: ${now}; deploy ${sha} (or a commit that contains it) to ${environment} and re-run the release.`,
    deployment: live ?? own
  };
}
