/**
 * The release decision: a pure function of the policy, the facts gathered from GitHub
 * and the current time. Every reason it gives is a sentence the user can act on.
 */
import { liveVerdict } from '../core/live.js';
import { evaluateCalendar, formatInZone } from '../core/schedule/index.js';
import type { CalendarState, Occurrence } from '../core/schedule/types.js';
import {
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

/** `until <time in zone>`, or `with no end set` for a rule that never lifts. */
export function untilInZone(end: Date, zone: string): string {
  return end.getTime() >= NO_END_MS ? 'with no end set' : `until ${formatInZone(end, zone)}`;
}

/** Occurrences ending at or past this instant have no end (the schedule reports the largest date). */
const NO_END_MS = 8.64e15;

/** How many window rules a message lists before summarising the rest. */
const WINDOWS_LISTED = 5;

function verdictFor(pr: PullRequestFacts, policy: ReleasePolicy, facts: ReleaseFacts): PullRequestVerdict {
  const approval = policy.approval;
  const base = { number: pr.number, title: pr.title, url: pr.url };
  const blocks = blockingLabels(pr, approval);
  const standard = isStandardChange(pr, approval);
  const resolved = standard ? { approvals: [], reasons: [] } : resolveApprovals(pr, approval, facts.people);
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

function commitReasons(policy: ReleasePolicy, facts: ReleaseFacts): Reason[] {
  const known = new Set(facts.pullRequests.map((pr) => pr.number));
  const describe = (commit: CommitFacts | undefined, sha: string): string =>
    commit ? `${shortSha(sha)} '${commit.headline}'` : shortSha(sha);

  if (policy.approval.scope === 'latest') {
    if (facts.pullRequests.length > 0) return [];
    const commit = facts.commits.find((c) => c.sha === facts.target);
    return [
      {
        code: 'commit-without-pull-request',
        message:
          `${describe(commit, facts.target)} did not come through a merged pull request, so nobody approved it; ` +
          `release a commit merged through an approved pull request.`
      }
    ];
  }

  const reasons: Reason[] = [];
  for (const commit of facts.commits) {
    if (commit.pullRequests.length === 0) {
      reasons.push({
        code: 'commit-without-pull-request',
        message:
          `${describe(commit, commit.sha)} was pushed without a pull request, so nobody approved it; ` +
          `revert it and bring the change through an approved pull request.`
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

function listWindows(policy: ReleasePolicy): string {
  const windows = policy.schedule.windows.map((rule) => `\`${rule.source}\``);
  if (windows.length === 0) return '';
  const shown = windows.slice(0, WINDOWS_LISTED).join(', ');
  const rest = windows.length - WINDOWS_LISTED;
  return rest > 0 ? `${shown} and ${rest} more` : shown;
}

function nextOpening(calendar: CalendarState, zone: string): string {
  return calendar.nextAllowedAt
    ? `releases are next allowed at ${formatInZone(calendar.nextAllowedAt, zone)}`
    : 'the calendar allows no release within the next two years';
}

function freezeReason(freeze: Occurrence, calendar: CalendarState, zone: string): Reason {
  const next =
    calendar.nextAllowedAt && calendar.nextAllowedAt.getTime() !== freeze.end.getTime()
      ? `; ${nextOpening(calendar, zone)}`
      : '';
  return {
    code: 'freeze',
    message:
      `Release freeze \`${freeze.rule.source}\` is in force ${untilInZone(freeze.end, zone)}${next}. ` +
      `Wait until then, or declare an emergency.`
  };
}

function calendarReasons(calendar: CalendarState, policy: ReleasePolicy): Reason[] {
  if (calendar.allowed) return [];
  const zone = policy.schedule.zone;
  const freezes = [...calendar.freezes].sort(
    (a, b) => a.end.getTime() - b.end.getTime() || a.rule.source.localeCompare(b.rule.source)
  );
  const reasons = freezes.map((freeze) => freezeReason(freeze, calendar, zone));
  if (calendar.windowsConfigured && calendar.window === null) {
    reasons.push({
      code: 'outside-window',
      message:
        `Now is outside every release window (${listWindows(policy)}); ${nextOpening(calendar, zone)}. ` +
        `Wait for the window, or declare an emergency.`
    });
  }
  if (reasons.length === 0) {
    // The calendar said no without naming why: fail closed with what it did say.
    reasons.push({
      code: 'outside-window',
      message: `The release calendar does not allow a release now; ${nextOpening(calendar, zone)}.`
    });
  }
  return reasons;
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
  const changeType: ChangeType = emergency ? 'emergency' : everyStandard ? 'standard' : 'normal';

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
