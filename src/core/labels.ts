/**
 * Who applied a label to a pull request, read from its label timeline (pure).
 *
 * A label does not say who added it: the timeline does. Both actions read labels this way:
 * release-action for approvals and emergencies, deploy-action for emergencies.
 */

/** Who applied or removed a label, as the timeline records it. */
export interface Actor {
  login: string;
  /**
   * True for bot and app accounts. A label an app applied on a user's behalf shows that user:
   * GitHub's GraphQL timeline does not say so (REST's `performed_via_github_app` does).
   */
  isBot: boolean;
}

export interface LabelEvent {
  action: 'labeled' | 'unlabeled';
  label: string;
  actor: Actor;
  at: Date;
}

/** What label rules need to know about a pull request. */
export interface LabelledPullRequest {
  number: number;
  /** Labels on the pull request now. */
  labels: string[];
  /** Label events (any order: they are sorted by time here). */
  labelEvents: LabelEvent[];
}

/** A label applied to a pull request now, with who applied it and when (null when the timeline does not say). */
export interface LabelApplication {
  /** The label as the policy names it. */
  label: string;
  /** Who applied it last; null when no timeline event accounts for it (applier unknown). */
  actor: Actor | null;
  /** When it was applied last; null when the applier is unknown. */
  at: Date | null;
}

/** Label names compare case-insensitively, as GitHub treats them. */
export const sameName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** Timeline events oldest first; events at the same instant keep the order the timeline gave them. */
function chronological(pr: LabelledPullRequest): LabelEvent[] {
  return pr.labelEvents
    .map((event, index) => ({ event, index }))
    .sort((a, b) => a.event.at.getTime() - b.event.at.getTime() || a.index - b.index)
    .map(({ event }) => event);
}

/**
 * For each of `labels` that is on the pull request now, who applied it last and when.
 *
 * The last `labeled` event counts only when no `unlabeled` event for that label follows it.
 * A label on the pull request now that the timeline does not account for (no event, or the
 * last event removed it) comes back with `actor: null`: its applier is unknown. A label the
 * timeline shows as applied but that is not on the pull request now (the label was deleted
 * or renamed in the repository) is not applied. Label names compare case-insensitively,
 * as GitHub treats them. Each label appears at most once, in the order of `labels`.
 */
export function currentApplications(pr: LabelledPullRequest, labels: string[]): LabelApplication[] {
  const events = chronological(pr);
  const seen = new Set<string>();
  const result: LabelApplication[] = [];
  for (const label of labels) {
    const key = label.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    if (!pr.labels.some((present) => sameName(present, label))) continue;
    let last: { actor: Actor; at: Date } | null = null;
    for (const event of events) {
      if (!sameName(event.label, label)) continue;
      last = event.action === 'labeled' ? { actor: event.actor, at: event.at } : null;
    }
    result.push(last ? { label, actor: last.actor, at: last.at } : { label, actor: null, at: null });
  }
  return result;
}

/** True for bot accounts and app-applied labels; a `[bot]` login is a bot whatever the flag says. */
export function isBotActor(actor: Actor): boolean {
  return actor.isBot || /\[bot\]$/i.test(actor.login);
}
