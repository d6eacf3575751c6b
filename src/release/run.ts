/**
 * release-action's logic: gather facts, decide (pure), and only then act, converging on
 * exactly one release per tag whatever re-runs or concurrent runs do.
 */
import type { RunContext } from '../core/context.js';
import type { GitHub } from '../core/github/client.js';
import type { RepoRef } from '../github/deployments.js';
import { gatherWriteStart } from '../github/release-start.js';
import { gatherReleaseFacts, gatherStart } from '../github/release-facts.js';
import { generateNotes } from '../github/releases.js';
import type { ReleaseConfig } from './config.js';
import { figuresFor } from './figures-step.js';
import { renderReleaseFigures, type ReleaseFigures } from './release-figures.js';
import { converge, runMarker, tagTaken, type Converged } from './converge.js';
import { decide } from './decide.js';
import { factsNeeded } from './facts-needed.js';
import type { ChangeType, Decision, Reason, ReleaseFacts } from './model.js';
import { parseWorkflowRef, policySource } from './policy-source.js';
import { releaseRange } from './range.js';
import { RELEASE_BODY_LIMIT, renderAuditSection, type ReleaseOutcome as OutcomeName } from './report.js';

export interface ReleaseOutcome {
  decision: OutcomeName;
  /** True when this run created or published the release. */
  released: boolean;
  tag: string;
  target: string;
  release: { id: number; url: string } | null;
  reasons: Reason[];
  changeType: ChangeType | '';
  nextWindow: Date | null;
  /** The evaluation, when policy was evaluated (not for already-released or up-to-date). */
  evaluation: Decision | null;
  facts: ReleaseFacts | null;
  previousTag: string | null;
  /** The release's own figures (lead time of its pull requests, deployments since the previous release). */
  figures?: ReleaseFigures;
}

export interface ReleaseDeps {
  gh: GitHub;
  context: RunContext;
  log: { info(message: string): void; warning(message: string): void };
  /** The clock; read when deciding and again just before writing. */
  now: () => Date;
  /** GITHUB_WORKFLOW_REF: the workflow file that carries the policy, and the ref it runs from. */
  workflowRef: string;
  /** Folds a phase's log lines under a name (the runner's log groups); optional. */
  group?: <T>(name: string, fn: () => Promise<T>) => Promise<T>;
}

export async function runRelease(config: ReleaseConfig, deps: ReleaseDeps): Promise<ReleaseOutcome> {
  const repo: RepoRef = { owner: deps.context.owner, repo: deps.context.repo };
  const { gh, log } = deps;
  // Each phase (gather, decide, write) gets its own group in the log.
  const phase = <T>(name: string, fn: () => Promise<T>): Promise<T> => (deps.group ? deps.group(name, fn) : fn());
  const parsedRef = parseWorkflowRef(deps.workflowRef);
  const workflowRef = parsedRef?.ref ?? '';
  const start = await phase(`Gather: ${config.target.slice(0, 12)}, the latest release and the commits since it`, () =>
    gatherStart(gh, repo, config.target, config.tag, { previousTag: config.previousTag, workflowRef })
  );
  const target = start.target;
  const base = { tag: config.tag, target, reasons: [], changeType: '' as const, nextWindow: null, evaluation: null, facts: null };
  // Blocked before any policy was evaluated (the tag is taken): a dry run reports the same.
  const blockedEarly = (reason: Reason, previousTag: string | null = null): ReleaseOutcome => ({
    ...base,
    decision: config.dryRun ? 'dry-run' : 'blocked',
    released: false,
    release: null,
    reasons: [reason],
    previousTag
  });

  if (start.existing) {
    if (start.existing.sha !== target) return blockedEarly(tagTaken(config.tag, start.existing.sha, target, 'release'));
    log.info(`Release ${config.tag} already exists at ${target.slice(0, 7)}: nothing to do.`);
    return { ...base, decision: 'already-released', released: false, release: { id: start.existing.id, url: start.existing.url }, previousTag: null };
  }
  if (start.latestRelease?.sha === target) {
    log.info(`The latest release ${start.latestRelease.tag} is already at ${target.slice(0, 7)}: nothing new to release.`);
    return { ...base, decision: 'up-to-date', released: false, release: null, previousTag: start.latestRelease.tag };
  }
  const write = await phase(`Gather: tag ${config.tag}, the range and where the policy comes from`, () =>
    gatherWriteStart(gh, repo, { target, tag: config.tag, previousTag: config.previousTag, workflowRef }, start.writeStartPage)
  );
  // A tag pushed at another commit would carry the release there: blocked, every run, until the tag changes.
  const tagAt = write.tagAt;
  if (tagAt && tagAt !== target) return blockedEarly(tagTaken(config.tag, tagAt, target, 'tag'));

  // The range only widens: previous-tag may not skip unreleased commits, and an empty range releases nothing.
  const range = releaseRange(write.range, target);
  if (range.kind === 'up-to-date') {
    log.info(`Nothing new to release: ${range.why}.`);
    return { ...base, decision: 'up-to-date', released: false, release: null, previousTag: range.release };
  }
  const previousTag = range.previousTag;

  // The policy must come from a protected workflow file; dry runs still report.
  const source = policySource({
    workflowRef: deps.workflowRef,
    repository: `${repo.owner}/${repo.repo}`,
    defaultBranch: write.defaultBranch,
    policyRefs: config.policyRefs,
    tagInDefaultBranch: write.workflowTagInDefaultBranch
  });
  const untrusted: Reason | null = source.trusted ? null : { code: 'untrusted-policy', message: source.message };
  if (source.trusted) log.info(`Release policy trusted: ${source.why}.`);

  const facts = await phase(`Gather: the pull requests from ${previousTag ?? 'the start'} to ${target.slice(0, 7)}, their approvals, pushes and deployments`, () =>
    gatherReleaseFacts(gh, repo, { target, previousTag, ...factsNeeded(config.policy), prefetched: start.prefetched })
  );
  const evaluate = (): Decision => withReason(decide(config.policy, facts, deps.now()), untrusted);
  let evaluation = await phase('Decide', async () => {
    const decision = evaluate();
    log.info(
      `${facts.pullRequests.length} pull request${facts.pullRequests.length === 1 ? '' : 's'} and ${facts.commits.length} commit${facts.commits.length === 1 ? '' : 's'} checked: ` +
        (decision.allowed ? `allowed (${decision.changeType} change).` : `blocked, ${decision.reasons.length} reason${decision.reasons.length === 1 ? '' : 's'}.`)
    );
    return decision;
  });
  const evaluated = { ...base, facts, previousTag, changeType: evaluation.changeType, release: null };

  const blocked = (decision: Decision): ReleaseOutcome => ({
    ...evaluated,
    decision: 'blocked',
    released: false,
    evaluation: decision,
    reasons: decision.reasons,
    nextWindow: decision.nextWindow
  });
  // A dry run reports what a real run would do, blocked or not, and never writes or fails.
  if (config.dryRun) return { ...blocked(evaluation), decision: 'dry-run' };
  if (!evaluation.allowed) return blocked(evaluation);

  const figures = await figuresFor(gh, repo, { previousTag, facts, environments: config.policy.requireDeployment, now: deps.now() }, log);
  const marker = runMarker(deps.context);
  const body = `${await releaseBody(config, deps, repo, target, previousTag, evaluation, facts, figures)}\n\n${marker}`;

  // The calendar may have closed while facts were gathered: decide again on the same facts, now.
  evaluation = evaluate();
  if (!evaluation.allowed) return blocked(evaluation);

  const result: Converged = await phase(`Write: release ${config.tag} at ${target.slice(0, 7)}`, () =>
    converge(gh, repo, {
      tag: config.tag,
      target,
      name: config.name,
      body,
      draft: config.draft,
      prerelease: config.prerelease,
      ...(config.makeLatest ? { makeLatest: config.makeLatest } : {})
    }, { marker, tagKnownAbsent: tagAt === null, log })
  );
  if ('taken' in result) {
    const reason = tagTaken(config.tag, result.taken, target, 'tag');
    return blocked({ ...evaluation, allowed: false, reasons: [...evaluation.reasons, reason] });
  }
  return {
    ...evaluated,
    evaluation,
    decision: result.created ? 'released' : 'already-released',
    released: result.created,
    release: result.release ? { id: result.release.id, url: result.release.url } : null,
    ...(figures ? { figures } : {})
  };
}

/** The decision with one more reason that blocks it (e.g. an untrusted policy), or unchanged. */
function withReason(decision: Decision, reason: Reason | null): Decision {
  return reason ? { ...decision, allowed: false, reasons: [...decision.reasons, reason] } : decision;
}

async function releaseBody(
  config: ReleaseConfig,
  deps: ReleaseDeps,
  repo: RepoRef,
  target: string,
  previousTag: string | null,
  decision: Decision,
  facts: ReleaseFacts,
  figures: ReleaseFigures | null = null
): Promise<string> {
  const audit =
    renderAuditSection({ decision, policy: config.policy, facts, now: deps.now(), maxChars: 20_000 }) +
    (figures ? `\n\n${renderReleaseFigures(figures, config.policy.schedule.zone)}` : '');
  const parts = [config.notes];
  if (config.generateNotes) parts.push(await generateNotes(deps.gh, repo, config.tag, target, previousTag));
  let notes = parts.filter((p) => p.trim()).join('\n\n');
  const room = RELEASE_BODY_LIMIT - audit.length - 200;
  if (notes.length > room) {
    const cut = notes.lastIndexOf('\n', room);
    notes = `${notes.slice(0, cut > 0 ? cut : room)}\n\n_(Notes shortened to fit GitHub's ${RELEASE_BODY_LIMIT} character limit.)_`;
    deps.log.warning(`The release notes were shortened to fit GitHub's ${RELEASE_BODY_LIMIT} character limit.`);
  }
  return notes ? `${notes}\n\n${audit}` : audit;
}
