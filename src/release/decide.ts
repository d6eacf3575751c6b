/**
 * The release decision: a pure function of the policy, the facts gathered from GitHub
 * and the current time. Every reason it gives is a sentence the user can act on.
 */
import { calendarReasons as calendarBlocks } from '../core/calendar-gate.js';
import { liveVerdict } from '../core/live.js';
import { evaluateCalendar } from '../core/schedule/index.js';
import type { CalendarState } from '../core/schedule/types.js';
import {
  assessStandardChange,
  blockingLabels,
  findEmergency,
  isStandardChange,
  prName,
  resolveApprovals
} from './approvals.js';
import type {
  ChangeType,
  CommitFacts,
  Decision,
  DeploymentFacts,
  DeploymentVerdict,
  PullRequestFacts,
  PullRequestVerdict,
  Reason,
  ReleaseFacts,
  ReleasePolicy
} from './model.js';

/** The first seven characters of a SHA, as GitHub shows it. */
export const shortSha = (sha: string): string => sha.slice(0, 7);

// Calendar reasons are shared with deploy-action (src/core/calendar-gate.ts).
export { untilInZone } from '../core/calendar-gate.js';

function verdictFor(pr: PullRequestFacts, policy: ReleasePolicy, facts: ReleaseFacts): PullRequestVerdict {
  const approval = policy.approval;
  const zone = policy.schedule.zone;
  const standardChange = assessStandardChange(pr, approval, zone);
  const base = { number: pr.number, title: pr.title, url: pr.url, standardChange };
  const blocks = blockingLabels(pr, approval);
  // A release train pre-approves every change through the schedule.
  const standard = policy.requireApproval === false || standardChange.rule !== null;
  const resolved = standard ? { approvals: [], reasons: [] } : resolveApprovals(pr, approval, facts.people, zone);
  const quorum = !standard && resolved.approvals.length >= approval.minApprovals;

  if (blocks.length > 0) {
    const blockReasons: Reason[] = blocks.map((label) => ({
      code: 'blocked-label',
      message:
        `${prName(pr)} carries the block label \`${label}\`, which stops the release; ` +
        `remove \`${label}\` from #${pr.number} once the problem is resolved.`,
      pull_request: pr.number
    }));
    // A blocked pull request also lists what its approval still lacks, so one run shows all the work.
    const approvalReasons = standard || quorum ? [] : resolved.reasons;
    return { ...base, state: 'blocked', approvals: resolved.approvals, reasons: [...blockReasons, ...approvalReasons] };
  }
  if (standard) return { ...base, state: 'standard', approvals: [], reasons: [] };
  if (quorum) return { ...base, state: 'approved', approvals: resolved.approvals, reasons: [] };
  return { ...base, state: 'unapproved', approvals: resolved.approvals, reasons: resolved.reasons };
}

/**
 * What GitHub's association said about a commit no pull request vouches for: the pull requests
 * it names that do not count, and that an empty association was read again. Empty when neither.
 */
export function associationNote(commit: CommitFacts | undefined): string {
  if (!commit) return '';
  const notes: string[] = [];
  if (commit.ignored.length > 0) {
    const named = commit.ignored.map((ignored) => `${ignored.pullRequest} (${ignored.why})`).join(', ');
    notes.push(`GitHub associates it only with pull requests that do not vouch for it: ${named}`);
  }
  if (commit.rechecked) {
    notes.push('its pull request association was empty and still was when read again (REST commits/{sha}/pulls)');
  }
  return notes.length > 0 ? ` (${notes.join('; ')})` : '';
}

function commitReasons(policy: ReleasePolicy, facts: ReleaseFacts): Reason[] {
  const known = new Set(facts.pullRequests.map((pr) => pr.number));
  // A release train releases every commit merged before the window, pull request or not.
  if (policy.requireApproval === false) return [];
  const describe = (commit: CommitFacts | undefined, sha: string): string =>
    commit ? `${shortSha(sha)} '${commit.headline}'` : shortSha(sha);

  if (policy.approval.scope === 'latest') {
    if (facts.pullRequests.length > 0) return [];
    const commit = facts.commits.find((c) => c.sha === facts.target);
    return [
      {
        code: 'commit-without-pull-request',
        message:
          `${describe(commit, facts.target)} did not come through a merged pull request, so nobody approved it` +
          `${associationNote(commit)}; release a commit merged through an approved pull request.`
      }
    ];
  }

  const reasons: Reason[] = [];
  for (const commit of facts.commits) {
    if (commit.pullRequests.length === 0) {
      reasons.push({
        code: 'commit-without-pull-request',
        message:
          `${describe(commit, commit.sha)} was pushed without a pull request merged in this range, so nobody approved it` +
          `${associationNote(commit)}; revert it and bring the change through an approved pull request.`
      });
    } else if (!commit.pullRequests.some((n) => known.has(n))) {
      // The gatherer names a pull request it did not describe: its approval cannot be checked.
      const refs = commit.pullRequests.map((n) => `#${n}`).join(', ');
      reasons.push({
        code: 'commit-without-pull-request',
        message:
          `${describe(commit, commit.sha)} belongs to ${refs}, which could not be read, so its approval cannot ` +
          `be established; re-run the release once ${refs} can be read.`
      });
    }
  }
  return reasons;
}

function calendarReasons(calendar: CalendarState, policy: ReleasePolicy): Reason[] {
  return calendarBlocks(calendar, policy.schedule);
}

function deploymentVerdict(environment: string, facts: ReleaseFacts): { verdict: DeploymentVerdict; reason: Reason | null } {
  const entry: DeploymentFacts | undefined =
    facts.deployments.find((d) => d.environment === environment) ??
    facts.deployments.find((d) => d.environment.toLowerCase() === environment.toLowerCase());
  // Deployed means live now: the environment's current deployment contains the target (src/core/live.ts).
  const live = liveVerdict(environment, facts.target, entry?.live ?? null, entry?.liveContainsTarget ?? false, entry?.latest ?? null);
  if (live.ok) return { verdict: { environment, ok: true, latest: live.deployment }, reason: null };
  return { verdict: { environment, ok: false, latest: live.deployment }, reason: { code: live.code, message: live.message } };
}

/** Decide whether `facts.target` may be released under `policy` at `now`. */
export function decide(policy: ReleasePolicy, facts: ReleaseFacts, now: Date): Decision {
  const pullRequests = [...facts.pullRequests]
    .sort((a, b) => a.number - b.number)
    .map((pr) => verdictFor(pr, policy, facts));
  const prReasons = pullRequests.flatMap((verdict) => verdict.reasons);
  const commits = commitReasons(policy, facts);

  const calendar = evaluateCalendar(policy.schedule, now);
  const emergency = findEmergency(facts.pullRequests, policy.approval, facts.people);
  const calendarBlocks = emergency ? [] : calendarReasons(calendar, policy);

  const deployments: DeploymentVerdict[] = [];
  const deploymentReasons: Reason[] = [];
  for (const environment of policy.requireDeployment) {
    const { verdict, reason } = deploymentVerdict(environment, facts);
    deployments.push(verdict);
    if (reason) deploymentReasons.push(reason);
  }

  const everyStandard =
    facts.pullRequests.length > 0 &&
    commits.length === 0 &&
    facts.pullRequests.every((pr) => isStandardChange(pr, policy.approval));
  const changeType: ChangeType = emergency ? 'emergency' : everyStandard || policy.requireApproval === false ? 'standard' : 'normal';

  const reasons = [...prReasons, ...commits, ...calendarBlocks, ...deploymentReasons];
  return {
    allowed: reasons.length === 0,
    changeType,
    reasons,
    pullRequests,
    calendar,
    emergency,
    deployments,
    nextWindow: emergency || calendar.allowed ? null : calendar.nextAllowedAt
  };
}

/** The `approvals` output: each pull request's counted approvals, `{ "12": [{ "login": "alice", "at": ISO }] }`. */
export function approvalsOutput(decision: Decision): Record<string, Array<{ login: string; at: string }>> {
  const output: Record<string, Array<{ login: string; at: string }>> = {};
  for (const pr of decision.pullRequests) {
    output[String(pr.number)] = pr.approvals.map((approval) => ({ login: approval.login, at: approval.at.toISOString() }));
  }
  return output;
}

/** The `reasons` output: every reason, in decision order. */
export function reasonsOutput(decision: Decision): Array<{ code: string; message: string; pull_request?: number }> {
  return decision.reasons.map((reason) =>
    reason.pull_request === undefined
      ? { code: reason.code, message: reason.message }
      : { code: reason.code, message: reason.message, pull_request: reason.pull_request }
  );
}
