/** The deploy gate in the job summary and the log: why a deployment was blocked, or what allowed it. */
import type { RunContext } from '../core/context.js';
import { codeSpan, escapeMarkdown, link } from '../core/markdown.js';
import { formatInZone } from '../core/schedule/index.js';
import type { DeployGatePolicy, GateDecision } from './gate.js';

export interface GateView {
  step: string;
  environment: string;
  sha: string;
  decision: GateDecision;
  policy: DeployGatePolicy;
  /** `deployed`, `blocked` or `dry-run`. */
  outcome: string;
}

const short = (sha: string): string => (/^[0-9a-f]{40}$/i.test(sha) ? sha.slice(0, 7) : sha);

/** Headline of a summary for a deployment the gate stopped, or for `step: check`. */
export function gateHeadline(view: GateView): string {
  const what = codeSpan(short(view.sha));
  const where = view.environment ? ` to ${escapeMarkdown(view.environment)}` : '';
  if (!view.decision.allowed) {
    return view.outcome === 'dry-run'
      ? `⛔ Dry run: a deployment of ${what}${where} would be blocked (nothing was written)`
      : `⛔ Deployment of ${what}${where} blocked: nothing was written`;
  }
  return `✅ The deploy gate allows a deployment of ${what}${where} now (nothing was written)`;
}

/** The gate's section: reasons, or the rule that allowed it, the emergency, and the next window. */
export function renderGateSection(view: GateView, context: RunContext): string {
  const { decision, policy } = view;
  const zone = policy.schedule.zone;
  const repoUrl = `${context.serverUrl}/${context.owner}/${context.repo}`;
  const lines: string[] = ['#### Deploy gate', ''];
  if (decision.allowed) {
    lines.push(`- ✅ Allowed: ${decision.allowedBy}.`);
  } else {
    for (const reason of decision.reasons) lines.push(`- ❌ ${codeSpan(reason.code)}: ${reason.message}`);
  }
  if (decision.emergency) {
    const e = decision.emergency;
    lines.push(
      `- 🚨 Emergency: @${e.by} applied ${codeSpan(e.label)} to ${link(`#${e.pull_request}`, `${repoUrl}/pull/${e.pull_request}`)} at ${formatInZone(e.at, zone)}, lifting the calendar.`
    );
  }
  if (decision.nextWindow) lines.push(`- Next opening: ${formatInZone(decision.nextWindow, zone)}.`);
  if (policy.requireEnvironment.length > 0 && decision.reasons.every((r) => r.code !== 'not-promoted')) {
    lines.push(`- Promoted: live in ${policy.requireEnvironment.map(escapeMarkdown).join(', ')}.`);
  }
  return `${lines.join('\n')}\n`;
}
