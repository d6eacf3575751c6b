/** deploy-action from inputs to outputs and summary, with the runner and GitHub passed in. */
import { writeCalendarFile } from '../core/calendar-file.js';
import { renderCalendar } from '../core/calendar-view.js';
import { runContextFrom, type ContextSource } from '../core/context.js';
import { connect } from '../core/github/client.js';
import { writeGapFrom } from '../core/github/pacing.js';
import { Inputs } from '../core/inputs.js';
import { inGroup, type ActionIO } from '../core/io.js';
import { GATED_STEPS, readDeployConfig } from './config.js';
import { decideDeployGate, gateConfigured, gateRecord } from './gate.js';
import { checkGate, type GateCheck } from './gate-check.js';
import { gatherGateHints, renderHints } from './gate-hints.js';
import { gateHeadline, renderGateSection, type GateView } from './gate-summary.js';
import { runReport } from './report/run.js';
import { emptyOutcome, runDeploy, type DeployOutcome } from './run.js';
import { renderDeploySummary } from './summary.js';

/** A deployment the gate blocked, with `on-blocked: fail`: the step fails, so the deploy script after it does not run. */
export class DeployBlockedError extends Error {
  override readonly name = 'DeployBlockedError';
  /** The summary already says why and what to do: the failure is not written there again. */
  readonly inSummary = true;
}

export type DeployDecision = 'deployed' | 'blocked' | 'dry-run' | '';

export async function deployAction(io: ActionIO, source: ContextSource, env: NodeJS.ProcessEnv, now: () => Date = () => new Date()): Promise<DeployOutcome> {
  const context = runContextFrom(source, env['GITHUB_REPOSITORY']);
  const config = readDeployConfig(new Inputs(io.input), context, io.warning);
  const { schedule } = config.gate;
  if (config.calendarFile) {
    const what = `${context.owner}/${context.repo} deployments${config.environment ? ` to ${config.environment}` : ''}`;
    const events = writeCalendarFile(config.calendarFile, schedule, { name: what, gates: 'Deploy', now: now() });
    io.info(`Wrote the coming 90 days of deploy windows and freezes to ${config.calendarFile} (${events} events).`);
  }
  const gh = connect(context, config.token, 'deploy-action', io, { timeZone: config.gate.schedule.zone });
  try {
    if (config.step === 'report') {
      await runReport(config, gh, context, io, now);
      return nothingWritten(config, null);
    }
    const repo = { owner: context.owner, repo: context.repo };
    // The gate is checked before anything is written; without a gate policy nothing is read for it.
    let check: GateCheck | null = null;
    if (GATED_STEPS.has(config.step) && gateConfigured(config.gate)) {
      check = await inGroup(io, 'Deploy gate: gather and decide', () => checkGate(gh, repo, config.gate, config.ref, now));
    } else if (config.step === 'check') {
      // Nothing configured: the gate allows any deployment, and says so without reading anything.
      const facts = { sha: config.ref, pullRequests: [], people: {}, promotions: [] };
      check = { decision: decideDeployGate(config.gate, facts, now()), facts };
    }
    const blocked = check !== null && !check.decision.allowed;
    const hints = check ? await gatherGateHints(gh, repo, check, config.gate.requireEnvironment, io) : [];

    let outcome: DeployOutcome;
    if (config.step === 'check' || blocked) {
      outcome = nothingWritten(config, check);
    } else {
      const where = config.environment ? ` ${config.step === 'deactivate' ? 'of' : 'to'} ${config.environment}` : '';
      outcome = await inGroup(io, `Deployment: ${config.step}${where}${config.dryRun ? ' (dry run)' : ''}`, () =>
        runDeploy(config, {
          gh,
          context,
          log: io,
          writeGapMs: writeGapFrom(env),
          ...(io.deadline ? { deadline: io.deadline } : {}),
          ...(check ? { gate: gateRecord(check.decision, check.facts) } : {}),
          ...(check && /^[0-9a-f]{40}$/i.test(check.facts.sha) ? { commit: check.facts.sha } : {})
        })
      );
    }
    const decision: DeployDecision = !GATED_STEPS.has(config.step)
      ? ''
      : config.dryRun || (config.step === 'check' && !blocked)
        ? 'dry-run'
        : blocked
          ? 'blocked'
          : 'deployed';

    io.setOutput('deployment-id', outcome.deploymentId === null ? '' : String(outcome.deploymentId));
    io.setOutput('environment', outcome.environment);
    io.setOutput('environment-url', outcome.environmentUrl);
    io.setOutput('log-url', outcome.logUrl);
    io.setOutput('status', outcome.status);
    io.setOutput('decision', decision);
    io.setOutput('reasons', JSON.stringify(check ? check.decision.reasons : []));
    io.setOutput('next-window', check?.decision.nextWindow ? check.decision.nextWindow.toISOString() : '');
    for (const line of outcome.writes) io.info(`${config.dryRun ? 'Dry run: would ' : ''}${line}`);

    const view: GateView | null = check
      ? { step: config.step, environment: outcome.environment, sha: check.facts.sha, decision: check.decision, policy: config.gate, outcome: decision, promotions: check.facts.promotions }
      : null;
    if (view && check?.decision.allowed) io.info(`Deploy gate: allowed, ${check.decision.allowedBy.replace(/`/g, '')}.`);
    const calendar = schedule.windows.length > 0 || schedule.freezes.length > 0 ? `\n${renderCalendar(schedule, now(), 'Deploy')}` : '';
    if (view && (blocked || config.step === 'check')) {
      await io.summary(`### ${gateHeadline(view, context)}\n\n${renderGateSection(view, context)}${renderHints(hints)}${calendar}`);
    } else {
      await io.summary(renderDeploySummary(outcome, context, config.version ? { version: config.version } : {}) + (view ? `\n${renderGateSection(view, context)}` : '') + renderHints(hints) + calendar);
    }

    if (blocked && check) {
      const target = outcome.environment ? ` to ${outcome.environment}` : '';
      const message = `Deployment of ${check.facts.sha.slice(0, 7)}${target} is blocked; nothing was written:\n${check.decision.reasons.map((r) => `- ${r.message}`).join('\n')}`;
      if (config.onBlocked === 'fail' && !config.dryRun) throw new DeployBlockedError(message);
      io.warning(config.dryRun ? `Dry run: ${message}` : message);
    }
    return outcome;
  } finally {
    gh.close();
  }
}

/** The outcome of a step that wrote nothing: `check`, or a deployment the gate blocked. */
function nothingWritten(config: ReturnType<typeof readDeployConfig>, check: GateCheck | null): DeployOutcome {
  return emptyOutcome(config, check?.facts.sha ?? (/^[0-9a-f]{40}$/i.test(config.ref) ? config.ref : null));
}
