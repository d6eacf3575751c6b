/**
 * release-action's inputs, parsed and checked before anything is read from or written to GitHub.
 */
import type { RunContext } from '../core/context.js';
import { InputError } from '../core/errors.js';
import type { Inputs } from '../core/inputs.js';
import { parseApprovers } from '../core/approver-input.js';
import { parseSchedule } from '../core/schedule/index.js';
import type { ReleasePolicy } from './model.js';
import { qualifyRef } from './policy-source.js';

export interface ReleaseConfig {
  token: string;
  tag: string;
  /** Commit-ish to release (resolved to a full SHA from GitHub). */
  target: string;
  name: string;
  previousTag: string | null;
  notes: string;
  generateNotes: boolean;
  draft: boolean;
  prerelease: boolean;
  makeLatest?: 'true' | 'false' | 'legacy';
  onBlocked: 'skip' | 'fail';
  dryRun: boolean;
  /** Refs whose workflow files may carry a release policy, fully qualified; empty: the default branch. */
  policyRefs: string[];
  policy: ReleasePolicy;
  /** Where to write the coming 90 days of windows and freezes as an iCalendar file. */
  calendarFile?: string;
}

// Shared with deploy-action's emergency-approvers.
export { parseApprovers } from '../core/approver-input.js';

/** A tag name git and GitHub accept. */
export function checkTagName(input: string, tag: string): string {
  const problems = [
    [/\s/, 'it contains white space'],
    [/\.\./, "it contains '..'"],
    [/[~^:?*[\\]/, 'it contains one of ~ ^ : ? * [ \\'],
    [/^[-/.]|[/.]$|\.lock$|\/\/|@\{/, "it starts or ends with '-', '/' or '.', ends with '.lock', or contains '//' or '@{'"]
  ] as const;
  for (const [pattern, why] of problems) {
    if (pattern.test(tag)) throw new InputError(input, tag, 'accepted values are valid git tag names such as v1.4.0', why);
  }
  return tag;
}

/**
 * A tag input as a tag name: `refs/tags/v1.2.0` (what `${{ github.ref }}` holds on a tag push) is
 * read as `v1.2.0`, with a notice, so no ref named `refs/tags/refs/tags/...` is ever created.
 */
export function tagInput(input: string, value: string, warn: (message: string) => void): string {
  if (!value.startsWith('refs/')) return checkTagName(input, value);
  if (!value.startsWith('refs/tags/') || value.length === 'refs/tags/'.length) {
    throw new InputError(input, value, 'accepted values are tag names such as v1.4.0 (or refs/tags/v1.4.0)', 'it names a ref that is not a tag');
  }
  const name = checkTagName(input, value.slice('refs/tags/'.length));
  warn(`Input '${input}' is ${JSON.stringify(value)}: read as the tag ${JSON.stringify(name)}.`);
  return name;
}

export function readReleaseConfig(inputs: Inputs, context: RunContext, warn: (message: string) => void): ReleaseConfig {
  const tag = tagInput('tag', inputs.required('tag', 'accepted values are git tag names such as v1.4.0'), warn);
  const previousInput = inputs.optional('previous-tag');
  const previous = previousInput ? tagInput('previous-tag', previousInput, warn) : undefined;
  const makeLatestValue = inputs.raw('make-latest');
  if (makeLatestValue && !['true', 'false', 'legacy'].includes(makeLatestValue)) {
    throw new InputError('make-latest', makeLatestValue, 'accepted values are true, false or legacy');
  }
  let target = inputs.optional('target');
  if (!target) {
    if (context.eventName === 'pull_request') {
      warn('release-action runs on a pull_request event: the default target is the merge commit GitHub made for it, not a commit on your branch. Use pull_request_target, schedule or workflow_dispatch.');
    }
    target = context.workflowSha;
  }
  if (!target) throw new InputError('target', '', 'a commit SHA, branch or tag; it defaults to GITHUB_SHA, which is not set');

  const schedule = parseSchedule({ windows: inputs.text('windows'), freezes: inputs.text('freezes'), timezone: inputs.raw('timezone') || 'UTC' });
  const labels = inputs.raw('approval-labels') ? inputs.list('approval-labels') : ['release-approved'];
  if (labels.length === 0) throw new InputError('approval-labels', inputs.raw('approval-labels'), 'accepted values are one or more label names');

  return {
    token: inputs.raw('token'),
    tag,
    target,
    name: inputs.optional('name') ?? tag,
    previousTag: previous ?? null,
    notes: inputs.text('notes').trim(),
    generateNotes: inputs.boolean('generate-notes', true),
    draft: inputs.boolean('draft', false),
    prerelease: inputs.boolean('prerelease', false),
    ...(makeLatestValue ? { makeLatest: makeLatestValue as 'true' | 'false' | 'legacy' } : {}),
    onBlocked: inputs.choice('on-blocked', ['skip', 'fail'] as const, 'skip'),
    dryRun: inputs.boolean('dry-run', false),
    ...(inputs.optional('calendar-file') ? { calendarFile: inputs.optional('calendar-file') } : {}),
    policyRefs: inputs.list('policy-refs').map((item) => {
      const ref = qualifyRef(item);
      if (!/^refs\/(heads|tags)\/[^\s]+$/.test(ref) || /\*./.test(ref)) {
        throw new InputError('policy-refs', item, 'accepted values are branch names (main), refs/heads/... or refs/tags/... refs, optionally ending in * (release/*)');
      }
      return ref;
    }),
    policy: {
      approval: {
        labels,
        scope: inputs.choice('approval-scope', ['all', 'latest'] as const, 'all'),
        approvers: parseApprovers(inputs, 'approvers'),
        minApprovals: inputs.integer('min-approvals', 1, 1, 10),
        allowSelfApproval: inputs.boolean('allow-self-approval', false),
        allowBots: inputs.boolean('allow-bots', false),
        blockLabels: inputs.raw('block-labels') ? inputs.list('block-labels') : [],
        emergencyLabels: inputs.list('emergency-labels'),
        emergencyApprovers: parseApprovers(inputs, 'emergency-approvers'),
        standardChangeAuthors: inputs.list('standard-change-authors'),
        standardChangePaths: inputs.list('standard-change-paths')
      },
      schedule,
      requireDeployment: inputs.list('require-deployment'),
      requireApproval: inputs.boolean('require-approval', true)
    }
  };
}
