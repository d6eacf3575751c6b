/**
 * The comment release-action keeps on a pull request when a reviewer labels it (`comment: true`):
 * whether this pull request's approval counts and why not, and what the release is waiting for.
 * Pure: the run's outcome in, Markdown out. One comment per pull request, found again by its marker.
 */
import { codeSpan, escapeMarkdown, link } from '../core/markdown.js';
import { formatInZone } from '../core/schedule/index.js';
import type { Decision, Reason } from './model.js';
import type { ReleaseOutcome } from './run.js';

/** Hidden in the rendered comment; finds the comment again on later runs. */
export const COMMENT_MARKER = '<!-- tollgate:release-action -->';

/** GitHub keeps at most 65,536 characters in a comment. */
const COMMENT_LIMIT = 60_000;

export interface CommentInput {
  pullRequest: number;
  outcome: ReleaseOutcome;
  /** The policy's time zone: times in the comment are in it. */
  zone: string;
  runUrl: string;
  now: Date;
}

const reasonLine = (r: Reason): string => `- ${codeSpan(r.code)}: ${escapeMarkdown(r.message)}`;

function thisPullRequest(decision: Decision, number: number, zone: string): string {
  const verdict = decision.pullRequests.find((p) => p.number === number);
  if (!verdict) {
    return '**This pull request** is not part of this release: only pull requests merged into the target since the last release are. Its approval is checked once it is merged.';
  }
  if (verdict.state === 'standard') return '**This pull request** is a standard change: pre-approved, no approval label needed.';
  if (verdict.state === 'approved') {
    const who = verdict.approvals.map((a) => `${codeSpan(a.label)} by @${a.login} at ${formatInZone(a.at, zone)}`).join('; ');
    return `**This pull request's approval counts** ✅ ${who}.`;
  }
  const why = verdict.reasons.length ? verdict.reasons.map(reasonLine).join('\n') : '- it carries a label that blocks the release';
  return `**This pull request's approval does not count** ❌\n\n${why}`;
}

function waitingFor(outcome: ReleaseOutcome, number: number): string {
  switch (outcome.decision) {
    case 'released':
      return `**Released** as ${outcome.release ? link(outcome.tag, outcome.release.url) : codeSpan(outcome.tag)}.`;
    case 'already-released':
      return `**Nothing to wait for:** ${codeSpan(outcome.tag)} is already released${outcome.release ? ` (${link('view', outcome.release.url)})` : ''}.`;
    case 'up-to-date':
      return '**Nothing to release:** the latest release already contains the target.';
    default: {
      const others = outcome.reasons.filter((r) => r.pull_request !== number);
      if (others.length === 0) return outcome.reasons.length ? '**The release is waiting for** this pull request only.' : '**The release is waiting for** nothing: it would go out now.';
      const shown = others.slice(0, 20).map(reasonLine).join('\n');
      const more = others.length > 20 ? `\n- …and ${others.length - 20} more (see the workflow run)` : '';
      return `**The release is waiting for:**\n\n${shown}${more}`;
    }
  }
}

/**
 * `@name` shown without notifying anyone: a comment a bot edits on every label change must not
 * ping approvers, and a pull request title must not make it ping a team.
 */
export function withoutMentions(markdown: string): string {
  return markdown.replace(/(^|[^\w`])@(?=[A-Za-z0-9])/g, '$1@&#8203;');
}

export function renderPullRequestComment(input: CommentInput): string {
  const { outcome, pullRequest, zone } = input;
  const title = outcome.decision === 'dry-run' ? `Release ${codeSpan(outcome.tag)} (dry run)` : `Release ${codeSpan(outcome.tag)}`;
  const parts = [COMMENT_MARKER, `### ${title}`];
  if (outcome.evaluation) parts.push(thisPullRequest(outcome.evaluation, pullRequest, zone));
  parts.push(waitingFor(outcome, pullRequest));
  if (outcome.nextWindow) parts.push(`The calendar next allows a release at ${formatInZone(outcome.nextWindow, zone)}.`);
  parts.push(`<sub>Updated by ${link('this workflow run', input.runUrl)} at ${formatInZone(input.now, zone)}. Tollgate edits this comment on later runs.</sub>`);
  const body = withoutMentions(parts.join('\n\n'));
  return body.length > COMMENT_LIMIT ? `${body.slice(0, COMMENT_LIMIT)}\n\n…(shortened: see the workflow run)` : body;
}
