/**
 * The deploy gate (pure): whether a deployment of a commit to an environment may happen now,
 * from the policy (windows, freezes, emergency, promotion), the facts gathered from GitHub and
 * the current time. Every reason is a sentence the user can act on, with a code.
 */
import type { Approver, PersonFacts } from '../core/approvers.js';
import { calendarReasons, DEPLOY_WORDING, type CalendarReason } from '../core/calendar-gate.js';
import { findEmergency, type Emergency } from '../core/emergency.js';
import type { LabelledPullRequest } from '../core/labels.js';
import { evaluateCalendar } from '../core/schedule/index.js';
import type { CalendarState, Schedule } from '../core/schedule/types.js';

export interface DeployGatePolicy {
  schedule: Schedule;
  /** Environments where the commit (or a descendant) must already be live. */
  requireEnvironment: string[];
  emergencyLabels: string[];
  /** Empty: nobody can declare an emergency. */
  emergencyApprovers: Approver[];
}

/** True when the policy gates anything at all; without it, no fact is gathered and nothing blocks. */
export function gateConfigured(policy: DeployGatePolicy): boolean {
  return policy.schedule.windows.length > 0 || policy.schedule.freezes.length > 0 || policy.requireEnvironment.length > 0;
}

/** A pull request that brought the deployed commit: merged, of this repository. */
export interface BringingPullRequest extends LabelledPullRequest {
  title: string;
  url: string;
}

/** What is live in an environment the deployment must be promoted from. */
export interface PromotionFacts {
  environment: string;
  /** The environment's live deployment (newest successful, not rolled back), or null when nothing is live. */
  live: { id: number; sha: string } | null;
  /** True when the live commit is the deployed commit or a descendant of it. */
  containsTarget: boolean;
}

export interface DeployGateFacts {
  /** Full SHA of the commit to deploy. */
  sha: string;
  /** Merged pull requests of this repository that brought the commit (gathered only when an emergency could matter). */
  pullRequests: BringingPullRequest[];
  /** Emergency label appliers, with the team memberships that matter. */
  people: Record<string, PersonFacts>;
  promotions: PromotionFacts[];
}

export type GateReasonCode = CalendarReason['code'] | 'not-promoted';

export interface GateReason {
  code: GateReasonCode;
  message: string;
  pull_request?: number;
}

export interface GateDecision {
  allowed: boolean;
  reasons: GateReason[];
  calendar: CalendarState;
  /** The emergency that let the deployment through the calendar, if the calendar would have blocked it. */
  emergency: Emergency | null;
  /** The rule that allowed the deployment (when allowed), in words. */
  allowedBy: string;
  /** When the calendar next allows a deployment (null when it allows now, an emergency lifts it, or never). */
  nextWindow: Date | null;
}

const short = (sha: string): string => sha.slice(0, 7);

function promotionReason(facts: DeployGateFacts, promotion: PromotionFacts): GateReason | null {
  if (promotion.live && promotion.containsTarget) return null;
  const what = short(facts.sha);
  const env = promotion.environment;
  const there = promotion.live
    ? `what is live in ${env} is ${short(promotion.live.sha)} (deployment ${promotion.live.id}), which does not contain ${what}`
    : `nothing is live in ${env}`;
  return {
    code: 'not-promoted',
    message: `${what} must be live in ${env} before this deployment, but ${there}; deploy ${what} to ${env} first.`
  };
}

/** Which calendar rule allowed the deployment, for the log, the summary and the provenance record. */
function allowedBy(calendar: CalendarState, policy: DeployGatePolicy, emergency: Emergency | null): string {
  if (emergency) return `emergency \`${emergency.label}\` declared by @${emergency.by} on #${emergency.pull_request}`;
  const { windows, freezes } = policy.schedule;
  if (calendar.window) return `deploy window \`${calendar.window.rule.source}\` is open`;
  if (windows.length === 0 && freezes.length === 0) return 'no windows or freezes are configured';
  return 'no freeze is in force and no windows are configured';
}

/** Decide whether `facts.sha` may be deployed under `policy` at `now`. */
export function decideDeployGate(policy: DeployGatePolicy, facts: DeployGateFacts, now: Date): GateDecision {
  const calendar = evaluateCalendar(policy.schedule, now);
  const canDeclare = policy.emergencyLabels.length > 0 && policy.emergencyApprovers.length > 0;
  const calendarBlocks = calendarReasons(calendar, policy.schedule, DEPLOY_WORDING, canDeclare);
  // An emergency lifts the calendar only; it is looked for only when the calendar blocks.
  const emergency = calendarBlocks.length > 0 ? findEmergency(facts.pullRequests, policy, facts.people) : null;
  const promotionBlocks = policy.requireEnvironment.flatMap((environment) => {
    const found =
      facts.promotions.find((p) => p.environment === environment) ??
      facts.promotions.find((p) => p.environment.toLowerCase() === environment.toLowerCase());
    // A required environment whose facts are missing blocks: fail closed.
    const reason = promotionReason(facts, found ?? { environment, live: null, containsTarget: false });
    return reason ? [reason] : [];
  });
  const reasons: GateReason[] = [...(emergency ? [] : calendarBlocks), ...promotionBlocks];
  return {
    allowed: reasons.length === 0,
    reasons,
    calendar,
    emergency,
    allowedBy: allowedBy(calendar, policy, emergency),
    nextWindow: emergency || calendar.allowed ? null : calendar.nextAllowedAt
  };
}

/** The gate's record in the deployment's provenance payload. */
export interface GateRecord {
  rule: string;
  emergency: { label: string; declared_by: string; declared_at: string; pull_request: number } | null;
  promoted_from: Array<{ environment: string; deployment_id: number; sha: string }>;
}

export function gateRecord(decision: GateDecision, facts: DeployGateFacts): GateRecord {
  const { emergency } = decision;
  return {
    rule: decision.allowedBy.replace(/`/g, ''),
    emergency: emergency
      ? { label: emergency.label, declared_by: emergency.by, declared_at: emergency.at.toISOString(), pull_request: emergency.pull_request }
      : null,
    promoted_from: facts.promotions.flatMap((p) => (p.live && p.containsTarget ? [{ environment: p.environment, deployment_id: p.live.id, sha: p.live.sha }] : []))
  };
}
