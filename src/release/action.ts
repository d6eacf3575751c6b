/** release-action from inputs to outputs and summary, with the runner and GitHub passed in. */
import { writeCalendarFile } from '../core/calendar-file.js';
import { renderCalendar } from '../core/calendar-view.js';
import { runContextFrom, type ContextSource } from '../core/context.js';
import { connect } from '../core/github/client.js';
import { Inputs } from '../core/inputs.js';
import type { ActionIO } from '../core/io.js';
import { readReleaseConfig } from './config.js';
import { approvalsOutput, reasonsOutput } from './decide.js';
import { renderReleaseFigures } from './release-figures.js';
import { renderDecisionSummary } from './report.js';
import { runRelease, type ReleaseOutcome } from './run.js';

export class BlockedError extends Error {
  override readonly name = 'BlockedError';
}

export async function releaseAction(io: ActionIO, source: ContextSource, env: NodeJS.ProcessEnv, now: () => Date = () => new Date()): Promise<ReleaseOutcome> {
  const context = runContextFrom(source, env['GITHUB_REPOSITORY']);
  const config = readReleaseConfig(new Inputs(io.input), context, io.warning);
  if (config.policy.approval.emergencyLabels.length > 0 && config.policy.approval.emergencyApprovers.length === 0) {
    io.warning("Input 'emergency-labels' is set but 'emergency-approvers' is empty: nobody can declare an emergency.");
  }
  if (config.calendarFile) {
    const events = writeCalendarFile(config.calendarFile, config.policy.schedule, { name: `${context.owner}/${context.repo} releases`, gates: 'Release', now: now() });
    io.info(`Wrote the coming 90 days of release windows and freezes to ${config.calendarFile} (${events} events).`);
  }
  const gh = connect(context, config.token, 'release-action', io, { timeZone: config.policy.schedule.zone });
  let outcome: ReleaseOutcome;
  try {
    outcome = await runRelease(config, { gh, context, log: io, now, workflowRef: env['GITHUB_WORKFLOW_REF'] ?? '' });
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
        ...(outcome.release ? { releaseUrl: outcome.release.url } : {})
      }) +
        (outcome.figures ? `\n${renderReleaseFigures(outcome.figures, config.policy.schedule.zone)}\n` : '') +
        calendar
    );
  } else if (outcome.reasons.length > 0) {
    // Blocked before the policy was evaluated (e.g. the tag is taken).
    const title = outcome.decision === 'dry-run' ? 'dry run, would be blocked' : outcome.decision;
    await io.summary(`### Release ${outcome.tag}: ${title}\n\n${outcome.reasons.map((r) => `- \`${r.code}\`: ${r.message}`).join('\n')}\n${calendar}`);
  } else {
    const why =
      outcome.decision === 'up-to-date'
        ? `nothing new to release after ${outcome.previousTag ?? 'the latest release'} at ${outcome.target.slice(0, 7)}`
        : `release ${outcome.tag} already exists at ${outcome.target.slice(0, 7)}`;
    await io.summary(`### Release ${outcome.tag}: ${outcome.decision}\n\nNothing to do: ${why}.${outcome.release ? ` [View the release](${outcome.release.url})` : ''}\n${calendar}`);
  }

  const lines = outcome.reasons.map((r) => `- ${r.message}`).join('\n');
  if (outcome.decision === 'blocked') {
    const message = `Release ${outcome.tag} is blocked:\n${lines}`;
    if (config.onBlocked === 'fail') throw new BlockedError(message);
    io.warning(message);
  } else if (outcome.decision === 'dry-run' && outcome.reasons.length > 0) {
    io.warning(`Dry run: release ${outcome.tag} would be blocked:\n${lines}`);
  }
  return outcome;
}
