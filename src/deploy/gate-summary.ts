/** The deploy gate in the job summary and the log: why a deployment was blocked, or what allowed it. */
import type { RunContext } from '../core/context.js';
import { describeApprovers } from '../core/approvers.js';
import { codeSpan, escapeMarkdown, link } from '../core/markdown.js';
import { inZoneAndUtc } from '../core/calendar-gate.js';
import { formatInZone } from '../core/schedule/index.js';
import type { DeployGatePolicy, GateDecision, PromotionFacts } from './gate.js';

export interface GateView {
  step: string;
  environment: string;
  sha: string;
  decision: GateDecision;
  policy: DeployGatePolicy;
  /** `deployed`, `blocked` or `dry-run`. */
  outcome: string;
  /** What is live in each required environment (the promotion facts). */
  promotions?: PromotionFacts[];
}

const short = (sha: string): string => (/^[0-9a-f]{40}$/i.test(sha) ? sha.slice(0, 7) : sha);

/** The commit, short and linked to it on the run's server (a ref not yet resolved stays as given). */
function commitLink(sha: string, context: RunContext): string {
  const text = codeSpan(short(sha));
  return /^[0-9a-f]{40}$/i.test(sha) ? `[${text}](${context.serverUrl}/${context.owner}/${context.repo}/commit/${sha})` : text;
}

/** Headline of a summary for a deployment the gate stopped, or for `step: check`. */
export function gateHeadline(view: GateView, context: RunContext): string {
  const what = commitLink(view.sha, context);
  const where = view.environment ? ` to ${escapeMarkdown(view.environment)}` : '';
  if (!view.decision.allowed) {
    if (view.step === 'check') return `⛔ The deploy gate blocks a deployment of ${what}${where} now (nothing was written)`;
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
  if (decision.nextWindow) lines.push(`- Next opening: ${inZoneAndUtc(decision.nextWindow, zone)}.`);
  if (policy.requireEnvironment.length > 0 && decision.reasons.every((r) => r.code !== 'not-promoted')) {
    const live = policy.requireEnvironment.map((environment) => {
      const found = view.promotions?.find((p) => p.environment.toLowerCase() === environment.toLowerCase())?.live;
      return found ? `${escapeMarkdown(environment)} (deployment ${found.id} of ${commitLink(found.sha, context)})` : escapeMarkdown(environment);
    });
    lines.push(`- Promoted: live in ${live.join(', ')}.`);
  }
  if (!decision.allowed) lines.push('', '**What to do**', '', ...whatToDo(view, context).map((line) => `- ${line}`));
  return `${lines.join('\n')}\n`;
}

/** How to get a blocked deployment through: each way the policy allows, and nothing it does not. */
function whatToDo(view: GateView, context: RunContext): string[] {
  const { decision, policy } = view;
  const what = commitLink(view.sha, context);
  const steps: string[] = [];
  const calendar = decision.reasons.filter((r) => r.code === 'freeze' || r.code === 'outside-window');
  if (calendar.length > 0) {
    steps.push(
      decision.nextWindow
        ? `Re-run this job from ${inZoneAndUtc(decision.nextWindow, policy.schedule.zone)}, when the calendar next allows it.`
        : 'The calendar allows no deployment in the next two years: change `windows` or `freezes`.'
    );
    if (policy.emergencyLabels.length > 0 && policy.emergencyApprovers.length > 0) {
      const labels = policy.emergencyLabels.map(codeSpan).join(' or ');
      const who = policy.emergencyApprovers.length === 1 ? describeApprovers(policy.emergencyApprovers) : `one of ${describeApprovers(policy.emergencyApprovers)}`;
      steps.push(`For an emergency: ${who} applies ${labels} to the merged pull request of this repository that brought ${what}, then re-run this job.`);
    } else {
      steps.push('No emergency can lift it: `emergency-labels` and `emergency-approvers` are not both set.');
    }
  }
  for (const reason of decision.reasons.filter((r) => r.code === 'not-promoted')) {
    const environment = policy.requireEnvironment.find((e) => reason.message.includes(` must be live in ${e} before `)) ?? policy.requireEnvironment.join(', ');
    steps.push(`Deploy ${what} to ${escapeMarkdown(environment)} and let it succeed there, then re-run this job.`);
  }
  return steps;
}
