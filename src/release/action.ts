/** release-action from inputs to outputs and summary, with the runner and GitHub passed in. */
import { writeCalendarFile } from '../core/calendar-file.js';
import { renderCalendar } from '../core/calendar-view.js';
import { runContextFrom, type ContextSource } from '../core/context.js';
import { connect } from '../core/github/client.js';
import { Inputs } from '../core/inputs.js';
import { inGroup, type ActionIO } from '../core/io.js';
import { assetsAfterRun, assetsOutput, assetsSummary, readAssetInputs, type AssetsResult } from './assets-run.js';
import { chooseTag, readVersionPolicy } from './auto-tag.js';
import { readReleaseConfig } from './config.js';
import { commentOnPullRequest } from './comment-run.js';
import { gatherHints } from './hint-run.js';
import { approvalsOutput, reasonsOutput } from './decide.js';
import { renderReleaseFigures } from './release-figures.js';
import { renderDecisionSummary } from './report.js';
import { runRelease, type ReleaseOutcome } from './run.js';
import type { VersionChoice } from './version.js';
import { renderSettledSummary } from './settled-summary.js';

export class BlockedError extends Error {
  override readonly name = 'BlockedError';
}

export async function releaseAction(io: ActionIO, source: ContextSource, env: NodeJS.ProcessEnv, now: () => Date = () => new Date()): Promise<ReleaseOutcome> {
  const context = runContextFrom(source, env['GITHUB_REPOSITORY']);
  const inputs = new Inputs(io.input);
  let config = readReleaseConfig(inputs, context, io.warning);
  const versionPolicy = readVersionPolicy(inputs, config.tag);
  const comment = inputs.boolean('comment', false);
  // Files and the notes file are read from the workspace now: a glob that matches nothing fails before anything is read or written.
  const assetInputs = readAssetInputs(inputs, { cwd: env['GITHUB_WORKSPACE'] || process.cwd(), notes: config.notes, warn: io.warning });
  if (assetInputs.notes !== undefined) config = { ...config, notes: assetInputs.notes };
  const files = assetInputs.files;
  if (config.policy.approval.emergencyLabels.length > 0 && config.policy.approval.emergencyApprovers.length === 0) {
    io.warning("Input 'emergency-labels' is set but 'emergency-approvers' is empty: nobody can declare an emergency.");
  }
  if (config.calendarFile) {
    const events = writeCalendarFile(config.calendarFile, config.policy.schedule, { name: `${context.owner}/${context.repo} releases`, gates: 'Release', now: now() });
    io.info(`Wrote the coming 90 days of release windows and freezes to ${config.calendarFile} (${events} events).`);
  }
  const gh = connect(context, config.token, 'release-action', io, { timeZone: config.policy.schedule.zone });
  let outcome: ReleaseOutcome;
  let hints: string[];
  let assets: AssetsResult | null;
  let version: VersionChoice | null = null;
  try {
    if (versionPolicy) {
      const chosen = await inGroup(io, 'Version: choosing the next tag (tag: auto)', async () => {
        const result = await chooseTag(gh, { owner: context.owner, repo: context.repo }, config, versionPolicy);
        io.info(`Version: ${result.choice.why}`);
        return result;
      });
      ({ config, choice: version } = chosen);
    }
    const release = config;
    // With files, the release is written as a draft, the files are uploaded to it, then it is published.
    const written = files.length > 0 ? { ...release, draft: true } : release;
    outcome = await runRelease(written, {
      gh,
      context,
      log: io,
      now,
      workflowRef: env['GITHUB_WORKFLOW_REF'] ?? '',
      ...(io.group ? { group: <T>(name: string, fn: () => Promise<T>) => inGroup(io, `Release ${release.tag}: ${name}`, fn) } : {})
    });
    ({ outcome, assets } = await assetsAfterRun(gh, context, outcome, files, release, io));
    // Only a blocked run looks for typos: one more request, never on the way of a release.
    const settled = outcome;
    hints = outcome.reasons.length > 0 ? await inGroup(io, 'Hints: looking for typos in the inputs', () => gatherHints(gh, context, release, io)) : [];
    if (comment) await inGroup(io, 'Comment on the pull request', () => commentOnPullRequest(gh, context, settled, release.policy.schedule.zone, now(), io));
  } finally {
    gh.close();
  }

  io.setOutput('released', String(outcome.released));
  io.setOutput('decision', outcome.decision);
  io.setOutput('tag', outcome.tag);
  io.setOutput('release-id', outcome.release ? String(outcome.release.id) : '');
  io.setOutput('release-url', outcome.release?.url ?? '');
  io.setOutput('change-type', outcome.changeType);
  io.setOutput('next-window', outcome.nextWindow ? outcome.nextWindow.toISOString() : '');
  io.setOutput('reasons', JSON.stringify(outcome.evaluation ? reasonsOutput(outcome.evaluation) : outcome.reasons));
  io.setOutput('approvals', JSON.stringify(outcome.evaluation ? approvalsOutput(outcome.evaluation) : {}));
  io.setOutput('assets', assetsOutput(assets));
  io.setOutput('upload-url', assets?.uploadUrl ?? '');

  const calendar = `\n${renderCalendar(config.policy.schedule, now(), 'Release')}`;
  if (outcome.evaluation && outcome.facts) {
    await io.summary(
      renderDecisionSummary({
        decision: outcome.evaluation,
        policy: config.policy,
        facts: outcome.facts,
        repository: `${context.owner}/${context.repo}`,
        tag: outcome.tag,
        outcome: outcome.decision,
        serverUrl: context.serverUrl,
        ...(outcome.release ? { releaseUrl: outcome.release.url } : {})
      }) +
        (outcome.figures ? `\n${renderReleaseFigures(outcome.figures, config.policy.schedule.zone)}\n` : '') +
        calendar
    );
  } else if (outcome.reasons.length > 0) {
    // Blocked before the policy was evaluated (e.g. the tag is taken, or the policy's workflow file is not trusted).
    const title = outcome.decision === 'dry-run' ? 'dry run, would be blocked' : outcome.decision;
    await io.summary(`### Release ${outcome.tag}: ${title}\n\n${outcome.reasons.map((r) => `- \`${r.code}\`: ${r.message}`).join('\n')}\n${calendar}`);
  } else {
    await io.summary(
      renderSettledSummary({
        outcome: outcome.decision === 'up-to-date' ? 'up-to-date' : 'already-released',
        tag: outcome.tag,
        target: outcome.target,
        previousTag: outcome.previousTag,
        serverUrl: context.serverUrl,
        repository: `${context.owner}/${context.repo}`,
        ...(outcome.release ? { releaseUrl: outcome.release.url } : {})
      }) + calendar
    );
  }

  if (assets) await io.summary(assetsSummary(assets));
  if (hints.length > 0) await io.summary(`**Hints** (possible typos in the inputs):\n${hints.map((h) => `- ${h}`).join('\n')}\n`);
  if (version) await io.summary(`**Version** (\`tag: auto\`): ${version.why}\n`);

  const lines = outcome.reasons.map((r) => `- ${r.message}`).join('\n');
  if (outcome.decision === 'blocked') {
    const message = `Release ${outcome.tag} is blocked:\n${lines}`;
    if (config.onBlocked === 'fail') throw new BlockedError(message);
    io.warning(message, { title: `Release ${outcome.tag} blocked` });
  } else if (outcome.decision === 'dry-run' && outcome.reasons.length > 0) {
    io.warning(`Dry run: release ${outcome.tag} would be blocked:\n${lines}`, { title: `Dry run: release ${outcome.tag} would be blocked` });
  }
  return outcome;
}
