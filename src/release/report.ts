/**
 * Markdown the release action writes (pure): the job summary that explains a decision,
 * and the audit section appended to the release notes.
 */
import { codeSpan, escapeMarkdown } from '../core/markdown.js';
import { formatInZone } from '../core/schedule/index.js';
import { classifyApplications, describeApprovers, lastPush } from './approvals.js';
import { shortSha, untilInZone } from './decide.js';
import type {
  ChangeType,
  Decision,
  DeploymentVerdict,
  PullRequestFacts,
  PullRequestVerdict,
  ReleaseFacts,
  ReleasePolicy
} from './model.js';

export type ReleaseOutcome = 'released' | 'already-released' | 'up-to-date' | 'blocked' | 'dry-run';

export interface SummaryInput {
  decision: Decision;
  policy: ReleasePolicy;
  facts: ReleaseFacts;
  /** `owner/name`. */
  repository: string;
  tag: string;
  outcome: ReleaseOutcome;
  releaseUrl?: string;
  /** Web host for commit links, e.g. https://github.com or a GitHub Enterprise Server's URL. */
  serverUrl?: string;
}

/** A commit's short SHA, linked to the commit on GitHub. */
function commitLink(input: SummaryInput, sha: string): string {
  return `[${codeSpan(shortSha(sha))}](${(input.serverUrl ?? 'https://github.com').replace(/\/+$/, '')}/${input.repository}/commit/${sha})`;
}

export interface AuditInput {
  decision: Decision;
  policy: ReleasePolicy;
  facts: ReleaseFacts;
  now: Date;
  /** Most characters the section may take (what the release body leaves after the notes). */
  maxChars?: number;
}

/** GitHub refuses a release body longer than this. */
export const RELEASE_BODY_LIMIT = 125_000;

/** A table cell: pipes that are not already escaped are escaped (GFM reads `\|` as `|` even in code). */
function cell(text: string): string {
  return text.replace(/(?<!\\)\|/g, '\\|');
}

function row(cells: string[]): string {
  return `| ${cells.map(cell).join(' | ')} |`;
}

const link = (text: string, url: string | null | undefined): string => (url ? `[${text}](${url})` : text);

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

function joinWords(items: string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function labels(list: string[]): string {
  return list.map(codeSpan).join(' or ');
}

function factsFor(facts: ReleaseFacts, number: number): PullRequestFacts | undefined {
  return facts.pullRequests.find((pr) => pr.number === number);
}

const STATE_MARK: Record<PullRequestVerdict['state'], string> = {
  approved: '✅ approved',
  standard: '✅ standard change',
  unapproved: '❌ not approved',
  blocked: '⛔ blocked'
};

const CHANGE_TYPE_TEXT: Record<ChangeType, string> = {
  normal: 'every pull request needs approval',
  standard: 'every pull request is a pre-approved standard change',
  emergency: 'an emergency label lifts the release calendar; approvals are still required'
};

/** Why every change of a release train (`require-approval: false`) is pre-approved. */
const TRAIN_BASIS = 'pre-approved by the release schedule';

function changeTypeText(decision: Decision, policy: ReleasePolicy): string {
  if (policy.requireApproval === false && decision.changeType === 'standard') return `${TRAIN_BASIS}: a release train, no approval labels required`;
  return CHANGE_TYPE_TEXT[decision.changeType];
}

// ---------------------------------------------------------------------------------------------
// Why, in one sentence

function blockedBecause(input: { decision: Decision; policy: ReleasePolicy; facts: ReleaseFacts }): string {
  const { decision, policy, facts } = input;
  const zone = policy.schedule.zone;
  const parts: string[] = [];
  const numbers = (prs: PullRequestVerdict[]): string => prs.map((pr) => `#${pr.number}`).join(', ');

  const blocked = decision.pullRequests.filter((pr) => pr.state === 'blocked');
  if (blocked.length === 1) parts.push(`#${blocked[0]?.number} carries a block label`);
  else if (blocked.length > 1) parts.push(`${blocked.length} pull requests carry a block label (${numbers(blocked)})`);

  const unapproved = decision.pullRequests.filter((pr) => pr.state === 'unapproved');
  if (unapproved.length === 1) parts.push(`#${unapproved[0]?.number} lacks approval`);
  else if (unapproved.length > 1) parts.push(`${unapproved.length} pull requests lack approval (${numbers(unapproved)})`);

  const stray = decision.reasons.filter((r) => r.code === 'commit-without-pull-request').length;
  if (stray === 1) parts.push('a commit did not come through an approved pull request');
  else if (stray > 1) parts.push(`${stray} commits did not come through an approved pull request`);

  const freezes = decision.reasons.some((r) => r.code === 'freeze') ? decision.calendar.freezes : [];
  for (const freeze of freezes) {
    parts.push(`the freeze ${codeSpan(freeze.rule.source)} is in force ${untilInZone(freeze.end, zone)}`);
  }
  if (decision.reasons.some((r) => r.code === 'outside-window')) {
    parts.push(
      decision.nextWindow
        ? `it is outside the release windows until ${formatInZone(decision.nextWindow, zone)}`
        : 'it is outside the release windows'
    );
  }

  const sha = codeSpan(shortSha(facts.target));
  for (const verdict of decision.deployments.filter((d) => !d.ok)) {
    const latest = verdict.latest;
    if (!latest || latest.sha.toLowerCase() !== facts.target.toLowerCase()) {
      parts.push(`${sha} is not deployed to ${escapeMarkdown(verdict.environment)}`);
    } else {
      parts.push(`its ${escapeMarkdown(verdict.environment)} deployment is ${codeSpan(latest.state ?? 'without status')}`);
    }
  }
  if (parts.length === 0) {
    parts.push(decision.reasons.length > 0 ? `${plural(decision.reasons.length, 'reason')} below` : 'the release step did not run');
  }
  return joinWords(parts);
}

function headline(input: SummaryInput): string[] {
  const { decision, facts, repository, tag, outcome, releaseUrl } = input;
  const name = codeSpan(tag);
  const where = `${escapeMarkdown(repository)} at ${commitLink(input, facts.target)}`;
  const released = releaseUrl ? link(name, releaseUrl) : name;
  switch (outcome) {
    case 'released':
      return [`## ✅ Released ${released}`, '', `Released ${where} (${decision.changeType} change).`];
    case 'already-released':
      return [`## ✅ ${released} is already released`, '', `Nothing to do: the release of ${where} exists.`];
    case 'up-to-date': {
      const since = facts.previousTag ? ` since ${codeSpan(facts.previousTag)}` : '';
      return [`## ✅ Up to date`, '', `Nothing to release in ${escapeMarkdown(repository)}: no new commits${since}.`];
    }
    case 'blocked':
      return [`## ⛔ Release of ${name} blocked`, '', `Not released: ${blockedBecause(input)}.`];
    case 'dry-run':
      return decision.allowed
        ? [`## 🧪 Dry run: ${name} would be released`, '', `Policy allows releasing ${where} now (${decision.changeType} change).`]
        : [`## 🧪 Dry run: ${name} would be blocked`, '', `It would not be released: ${blockedBecause(input)}.`];
  }
}

// ---------------------------------------------------------------------------------------------
// Job summary sections

function approvedByCell(verdict: PullRequestVerdict, pr: PullRequestFacts | undefined, input: SummaryInput): string {
  const zone = input.policy.schedule.zone;
  if (verdict.state === 'standard' && input.policy.requireApproval === false) return TRAIN_BASIS;
  const standard = verdict.standardChange;
  if (verdict.state === 'standard' && standard.rule) return `pre-approved (${codeSpan(standard.rule)}): ${escapeMarkdown(standard.basis ?? '')}`;
  if (verdict.approvals.length === 0) return '—';
  return verdict.approvals.map((a) => `@${a.login} (${formatInZone(a.at, zone)})`).join('<br>');
}

function missingCell(verdict: PullRequestVerdict, pr: PullRequestFacts | undefined, input: SummaryInput): string {
  const { policy, facts } = input;
  const zone = policy.schedule.zone;
  const items: string[] = [];
  for (const label of pr && verdict.state === 'blocked' ? pr.labels : []) {
    if (policy.approval.blockLabels.some((b) => b.toLowerCase() === label.toLowerCase())) {
      items.push(`remove block label ${codeSpan(label)}`);
    }
  }
  const missing = verdict.reasons.find((r) => r.code === 'missing-approval');
  for (const broken of missing ? verdict.standardChange.broken : []) {
    items.push(`not a standard change: ${escapeMarkdown(broken)}`);
  }
  if (missing) {
    const need = policy.approval.minApprovals;
    items.push(`${need - verdict.approvals.length} more approval${need - verdict.approvals.length === 1 ? '' : 's'} (${verdict.approvals.length} of ${need})`);
  }
  if (pr && missing) {
    for (const application of classifyApplications(pr, policy.approval, facts.people, zone)) {
      const label = codeSpan(application.label);
      const by = application.actor ? ` by @${application.actor.login}` : '';
      switch (application.status) {
        case 'unknown-applier':
          items.push(`${label}: who applied it is unknown`);
          break;
        case 'bot-approval':
          items.push(`${label}${by}: bots cannot approve`);
          break;
        case 'approval-by-non-approver':
          items.push(`${label}${by}: not an approver`);
          break;
        case 'self-approval': {
          const what = application.contribution;
          items.push(
            what?.commit || (what && what.what !== 'opened it')
              ? `${label}${by}: wrote or pushed code in it (${escapeMarkdown(what.what)})`
              : `${label}${by}: the author cannot approve`
          );
          break;
        }
        case 'contributors-unknown':
          items.push(`${label}${by}: its commits could not be read, so the approver cannot be shown independent of them`);
          break;
        case 'stale-approval': {
          const pushed = lastPush(pr, zone).at;
          items.push(`${label}${by}: applied before the last push (${pushed ? formatInZone(pushed, zone) : 'an unknown time'})`);
          break;
        }
        case 'push-time-unknown':
          items.push(`${label}${by}: no record bounds the last push, so it cannot be shown to follow it`);
          break;
        case 'counted':
        case 'repeat':
          break;
      }
    }
  }
  return items.length > 0 ? items.join('<br>') : '—';
}

function pullRequestTable(input: SummaryInput): string[] {
  const { decision, facts } = input;
  if (decision.pullRequests.length === 0) return ['No pull requests in this release.'];
  const lines = [
    row(['Pull request', 'Title', 'State', 'Approved by', 'Missing', 'Last push']),
    row(['---', '---', '---', '---', '---', '---'])
  ];
  for (const verdict of decision.pullRequests) {
    const pr = factsFor(facts, verdict.number);
    lines.push(
      row([
        link(`#${verdict.number}`, verdict.url),
        escapeMarkdown(verdict.title),
        STATE_MARK[verdict.state],
        approvedByCell(verdict, pr, input),
        missingCell(verdict, pr, input),
        pr ? lastPushCell(pr, input) : '—'
      ])
    );
  }
  return lines;
}

/** When the branch was last pushed before the merge, and which record says so. */
function lastPushCell(pr: PullRequestFacts, input: SummaryInput): string {
  const { at, source } = lastPush(pr, input.policy.schedule.zone);
  return `${at ? formatInZone(at, input.policy.schedule.zone) : 'unknown'} (${escapeMarkdown(source)})`;
}

/** Pull requests GitHub associates with commits in the range that do not vouch for them, per commit. */
function ignoredAssociationLines(facts: ReleaseFacts): string[] {
  const lines: string[] = [];
  for (const commit of facts.commits) {
    if (commit.ignored.length === 0) continue;
    const named = commit.ignored.map((ignored) => `${escapeMarkdown(ignored.pullRequest)} (${escapeMarkdown(ignored.why)})`);
    lines.push(`- ${codeSpan(shortSha(commit.sha))} ${escapeMarkdown(commit.headline)}: ${named.join(', ')}`);
  }
  return lines;
}

function windowList(policy: ReleasePolicy): string {
  return policy.schedule.windows.map((rule) => codeSpan(rule.source)).join(', ');
}

function calendarLines(decision: Decision, policy: ReleasePolicy): string[] {
  const zone = policy.schedule.zone;
  const { calendar, emergency } = decision;
  const lines: string[] = [];
  if (calendar.window) {
    lines.push(`- ✅ Release window ${codeSpan(calendar.window.rule.source)} is open ${untilInZone(calendar.window.end, zone)}.`);
  } else if (!calendar.windowsConfigured) {
    lines.push('- No release windows configured: a release is allowed at any time no freeze is in force.');
  } else {
    lines.push(`- ❌ Outside every release window (${windowList(policy)}).`);
  }
  if (calendar.freezes.length === 0) {
    lines.push(policy.schedule.freezes.length > 0 ? '- No freeze is in force.' : '- No freezes configured.');
  }
  for (const freeze of calendar.freezes) {
    lines.push(`- ❄️ Freeze ${codeSpan(freeze.rule.source)} is in force ${untilInZone(freeze.end, zone)}.`);
  }
  if (!calendar.allowed && calendar.nextAllowedAt) {
    lines.push(`- Next opening: ${formatInZone(calendar.nextAllowedAt, zone)}.`);
  } else if (!calendar.allowed) {
    lines.push('- The calendar allows no release within the next two years.');
  }
  if (emergency) {
    lines.push(
      `- 🚨 Emergency: @${emergency.by} applied ${codeSpan(emergency.label)} to #${emergency.pull_request} at ` +
        `${formatInZone(emergency.at, zone)}${calendar.allowed ? '' : ', lifting the calendar'}.`
    );
  }
  return lines;
}

function deploymentState(verdict: DeploymentVerdict, target: string): string {
  if (verdict.ok) return '✅ live';
  const latest = verdict.latest;
  if (!latest || latest.sha.toLowerCase() !== target.toLowerCase()) return '❌ not deployed';
  return `❌ ${codeSpan(latest.state ?? 'no status')}`;
}

function deploymentTable(decision: Decision, policy: ReleasePolicy, facts: ReleaseFacts): string[] {
  if (decision.deployments.length === 0) return ['No deployment required.'];
  const zone = policy.schedule.zone;
  const lines = [row(['Environment', 'Result', 'Deployment', 'Created', 'Links']), row(['---', '---', '---', '---', '---'])];
  for (const verdict of decision.deployments) {
    const latest = verdict.latest;
    const links = [
      latest?.environmentUrl ? link('environment', latest.environmentUrl) : '',
      latest?.logUrl ? link('log', latest.logUrl) : ''
    ]
      .filter(Boolean)
      .join(' · ');
    lines.push(
      row([
        escapeMarkdown(verdict.environment),
        deploymentState(verdict, facts.target),
        latest ? `${latest.id} of ${codeSpan(shortSha(latest.sha))}` : '—',
        latest ? formatInZone(latest.createdAt, zone) : '—',
        links || '—'
      ])
    );
  }
  return lines;
}

/** Concrete actions, one per thing in the way, in the decision's order. */
function unblockActions(input: SummaryInput): string[] {
  const { decision, policy, facts } = input;
  const zone = policy.schedule.zone;
  const approval = policy.approval;
  const approvers = describeApprovers(approval.approvers);
  const actions: string[] = [];
  const done = new Set<string>();
  const once = (key: string, action: string): void => {
    if (done.has(key)) return;
    done.add(key);
    actions.push(action);
  };

  for (const reason of decision.reasons) {
    const verdict = decision.pullRequests.find((pr) => pr.number === reason.pull_request);
    const pr = verdict ? factsFor(facts, verdict.number) : undefined;
    const ref = verdict ? link(`#${verdict.number}`, verdict.url) : '';
    switch (reason.code) {
      case 'blocked-label':
        for (const label of pr?.labels ?? []) {
          if (!approval.blockLabels.some((b) => b.toLowerCase() === label.toLowerCase())) continue;
          once(`block:${reason.pull_request}:${label}`, `remove ${codeSpan(label)} from ${ref} once the problem it flags is resolved`);
        }
        break;
      case 'missing-approval': {
        if (!verdict) break;
        const more = approval.minApprovals - verdict.approvals.length;
        const who = more === 1 ? `an approver (${approvers})` : `${more} more distinct approvers (${approvers})`;
        const notAuthor = approval.allowSelfApproval || !pr ? '' : ` other than the author @${pr.author.login}`;
        const stale = decision.reasons.some((r) => r.code === 'stale-approval' && r.pull_request === verdict.number);
        const pushed = pr ? lastPush(pr, zone) : null;
        // With no record of the last push no label can count, stale or not: say so either way.
        const after = !pushed
          ? ''
          : !pushed.at
            ? ` (no record bounds its last push (${escapeMarkdown(pushed.source)}), so no label on it can count yet)`
            : stale
              ? ` (re-apply it: labels from before the last push at ${formatInZone(pushed.at, zone)} do not count)`
              : '';
        once(`approve:${verdict.number}`, `${who}${notAuthor} ${more === 1 ? 'applies' : 'apply'} ${labels(approval.labels)} to ${ref}${after}`);
        break;
      }
      case 'approval-by-non-approver':
      case 'self-approval':
      case 'bot-approval':
      case 'stale-approval':
        // Covered by the pull request's missing-approval action.
        break;
      case 'commit-without-pull-request':
        actions.push(escapeMarkdown(reason.message));
        break;
      case 'freeze':
      case 'outside-window': {
        const until = decision.nextWindow ? `wait until ${formatInZone(decision.nextWindow, zone)}` : 'change the schedule';
        const emergency =
          approval.emergencyApprovers.length > 0 && approval.emergencyLabels.length > 0
            ? ` or have an emergency approver (${describeApprovers(approval.emergencyApprovers)}) apply ${labels(approval.emergencyLabels)} to a pull request in this release`
            : ' (no emergency approvers are configured, so the calendar cannot be bypassed)';
        once('calendar', `${until}${emergency}`);
        break;
      }
      case 'not-deployed':
      case 'deployment-not-successful':
        // Listed from the deployment verdicts below, one per environment.
        break;
    }
  }
  for (const verdict of decision.deployments.filter((d) => !d.ok)) actions.push(deployAction(verdict, facts));
  if (actions.length > 0) actions.push('then re-run this workflow');
  return actions;
}

function deployAction(verdict: DeploymentVerdict, facts: ReleaseFacts): string {
  const sha = codeSpan(shortSha(facts.target));
  const environment = escapeMarkdown(verdict.environment);
  const latest = verdict.latest;
  if (!latest || latest.sha.toLowerCase() !== facts.target.toLowerCase()) return `deploy ${sha} to ${environment}`;
  const state = latest.state;
  if (state === 'queued' || state === 'pending' || state === 'in_progress') {
    return `wait for the ${environment} deployment of ${sha} to succeed`;
  }
  return `redeploy ${sha} to ${environment} until its deployment reports ${codeSpan('success')}`;
}

/** The job summary: the decision at a glance, then each check and what to do about it. */
export function renderDecisionSummary(input: SummaryInput): string {
  const { decision, policy, facts } = input;
  const lines: string[] = [...headline(input), ''];
  const previous = facts.previousTag ? ` · since ${codeSpan(facts.previousTag)}` : ' · first release';
  lines.push(
    `Commit ${commitLink(input, facts.target)}${previous} · change type **${decision.changeType}** (${changeTypeText(decision, policy)}) · times in ${escapeMarkdown(policy.schedule.zone)}`,
    ''
  );
  if (input.outcome === 'up-to-date') return `${lines.join('\n').trimEnd()}\n`;

  lines.push(`### Pull requests`, '', ...pullRequestTable(input), '');
  const stray = decision.reasons.filter((r) => r.code === 'commit-without-pull-request');
  if (stray.length > 0) {
    lines.push('### Commits without a pull request', '', ...stray.map((r) => `- ❌ ${escapeMarkdown(r.message)}`), '');
  }
  const ignored = ignoredAssociationLines(facts);
  if (ignored.length > 0) {
    lines.push(
      `<details><summary>Associations not counted (${plural(ignored.length, 'commit')})</summary>`,
      '',
      'GitHub also associates these commits with pull requests that do not vouch for them (only a merged pull ' +
        'request of this repository whose merge commit is in the range does); they are not counted.',
      '',
      ...ignored,
      '',
      '</details>',
      ''
    );
  }
  lines.push('### Calendar', '', ...calendarLines(decision, policy), '');
  lines.push('### Deployments', '', ...deploymentTable(decision, policy, facts), '');

  const actions = decision.allowed ? [] : unblockActions(input);
  if (actions.length > 0) {
    lines.push('### To unblock', '', ...actions.map((action) => `- ${action}`), '');
  }
  if (decision.reasons.length > 0) {
    // Verbatim, as the `reasons` output gives them: a code block needs no escaping.
    const text = decision.reasons.map((r) => `[${r.code}] ${r.message.replace(/\r?\n|\r/g, ' ')}`);
    const runs = text.join('\n').match(/`{3,}/g) ?? [];
    const fence = '`'.repeat(Math.max(2, ...runs.map((r) => r.length)) + 1);
    lines.push(
      `<details><summary>All reasons (${decision.reasons.length})</summary>`,
      '',
      `${fence}text`,
      ...text,
      fence,
      '',
      '</details>',
      ''
    );
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

// ---------------------------------------------------------------------------------------------
// Audit section of the release notes

function auditPullRequestLine(verdict: PullRequestVerdict, input: AuditInput): string {
  const zone = input.policy.schedule.zone;
  const head = `- ${link(`#${verdict.number}`, verdict.url)} ${escapeMarkdown(verdict.title)}`;
  switch (verdict.state) {
    case 'standard':
      if (input.policy.requireApproval === false) return `${head}: standard change: ${TRAIN_BASIS}`;
      return `${head}: standard change (${codeSpan(verdict.standardChange.rule ?? 'pre-approved')}): ${escapeMarkdown(verdict.standardChange.basis ?? '')}`;
    case 'approved': {
      const pr = factsFor(input.facts, verdict.number);
      const pushed = pr ? lastPush(pr, zone) : null;
      const after = pushed?.at ? `, after the last push at ${formatInZone(pushed.at, zone)} (${escapeMarkdown(pushed.source)})` : '';
      return `${head}: approved by ${verdict.approvals
        .map((a) => `@${a.login} (${codeSpan(a.label)}, ${formatInZone(a.at, zone)})`)
        .join(', ')}${after}`;
    }
    case 'unapproved':
      return `${head}: not approved`;
    case 'blocked':
      return `${head}: blocked`;
  }
}

function auditCalendarLine(decision: Decision, policy: ReleasePolicy): string {
  const zone = policy.schedule.zone;
  const { calendar, emergency } = decision;
  const parts: string[] = [];
  if (emergency) {
    parts.push(
      `emergency ${codeSpan(emergency.label)} applied to #${emergency.pull_request} by @${emergency.by} at ${formatInZone(emergency.at, zone)}`
    );
  }
  if (calendar.window) parts.push(`release window ${codeSpan(calendar.window.rule.source)}`);
  else if (!calendar.windowsConfigured) parts.push('no windows configured');
  else parts.push('outside every release window');
  if (calendar.freezes.length > 0) {
    parts.push(`freeze ${calendar.freezes.map((f) => codeSpan(f.rule.source)).join(', ')} in force`);
  } else {
    parts.push('no freeze in force');
  }
  return `- **Calendar:** ${parts.join('; ')}`;
}

function auditDeploymentLines(decision: Decision, policy: ReleasePolicy): string[] {
  if (decision.deployments.length === 0) return ['- **Deployments:** none required'];
  const zone = policy.schedule.zone;
  return decision.deployments.map((verdict) => {
    const env = escapeMarkdown(verdict.environment);
    const latest = verdict.latest;
    if (!latest) return `- **Deployment to ${env}:** none found`;
    const facts = [
      `deployment ${latest.id} of ${codeSpan(shortSha(latest.sha))}`,
      `status ${codeSpan(latest.state ?? 'none')}`,
      `created ${formatInZone(latest.createdAt, zone)}${latest.creator ? ` by ${latest.creator}` : ''}`
    ];
    if (latest.environmentUrl) facts.push(`<${latest.environmentUrl}>`);
    return `- **Deployment to ${env}:** ${facts.join(', ')}`;
  });
}

const lengthOf = (lines: string[]): number => lines.reduce((sum, line) => sum + line.length, 0) + Math.max(0, lines.length - 1);

/** Whole lines from the start that fit in `max` characters. */
function fitLines(lines: string[], max: number): string[] {
  const kept: string[] = [];
  for (const line of lines) {
    if (lengthOf([...kept, line]) > max) break;
    kept.push(line);
  }
  return kept;
}

/**
 * `## Release audit` for the release notes: change type, who approved each pull request and
 * when, the calendar rule that allowed the release, and the deployment that proves the commit
 * is live. Never longer than `maxChars`: pull requests that do not fit are summarised in one
 * line, and lines are dropped whole, never cut.
 */
export function renderAuditSection(input: AuditInput): string {
  const { decision, policy, facts, now } = input;
  const max = Math.max(0, Math.min(input.maxChars ?? RELEASE_BODY_LIMIT, RELEASE_BODY_LIMIT));
  const zone = policy.schedule.zone;
  const previous = facts.previousTag ? ` (changes since ${codeSpan(facts.previousTag)})` : ' (first release)';

  const head = [
    '## Release audit',
    '',
    `- **Commit:** ${codeSpan(facts.target)}${previous}`,
    `- **Change type:** ${decision.changeType} (${changeTypeText(decision, policy)})`,
    `- **Decided:** ${formatInZone(now, zone)}`,
    auditCalendarLine(decision, policy),
    ...auditDeploymentLines(decision, policy),
    ''
  ];
  const prs = decision.pullRequests.map((verdict) => auditPullRequestLine(verdict, input));
  const prHead = [`### Pull requests (${decision.pullRequests.length})`, ''];
  const body = prs.length > 0 ? prHead : ['No pull requests.'];
  const all = [...head, ...body, ...prs];
  if (lengthOf(all) <= max) return all.join('\n');

  const more = (n: number): string => `- ... and ${n} more pull request${n === 1 ? '' : 's'} approved; see the job summary`;
  for (let shown = prs.length - 1; shown >= 0; shown--) {
    const lines = [...head, ...prHead, ...prs.slice(0, shown), more(prs.length - shown)];
    if (lengthOf(lines) <= max) return lines.join('\n');
  }
  // Not even the header fits: keep whole lines from the start.
  const rest = prs.length > 0 ? [...prHead, more(prs.length)] : body;
  return fitLines([...head, ...rest], max).join('\n').trimEnd();
}
