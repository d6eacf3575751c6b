/**
 * release-action's logic: gather facts, decide (pure), and only then act, converging on
 * exactly one release per tag whatever re-runs or concurrent runs do.
 */
import type { RunContext } from '../core/context.js';
import { FactError } from '../core/errors.js';
import type { GitHub } from '../core/github/client.js';
import type { RepoRef } from '../github/deployments.js';
import { gatherReleaseFacts, gatherStart } from '../github/release-facts.js';
import {
  createRelease,
  findDrafts,
  findPublishedRelease,
  generateNotes,
  tagCommit,
  updateRelease,
  type ReleaseContent
} from '../github/releases.js';
import type { ReleaseConfig } from './config.js';
import { decide } from './decide.js';
import type { ChangeType, Decision, Reason, ReleaseFacts } from './model.js';
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
}

export interface ReleaseDeps {
  gh: GitHub;
  context: RunContext;
  log: { info(message: string): void; warning(message: string): void };
  /** The clock; read when deciding and again just before writing. */
  now: () => Date;
}

export async function runRelease(config: ReleaseConfig, deps: ReleaseDeps): Promise<ReleaseOutcome> {
  const repo: RepoRef = { owner: deps.context.owner, repo: deps.context.repo };
  const { gh, log } = deps;
  const start = await gatherStart(gh, repo, config.target, config.tag);
  const target = start.target;
  const base = { tag: config.tag, target, reasons: [], changeType: '' as const, nextWindow: null, evaluation: null, facts: null };

  if (start.existing) {
    if (start.existing.sha !== target) throw movedRelease(config.tag, start.existing.sha, target);
    log.info(`Release ${config.tag} already exists at ${target.slice(0, 7)}: nothing to do.`);
    return { ...base, decision: 'already-released', released: false, release: { id: start.existing.id, url: start.existing.url }, previousTag: null };
  }
  if (start.latestRelease?.sha === target) {
    log.info(`The latest release ${start.latestRelease.tag} is already at ${target.slice(0, 7)}: nothing new to release.`);
    return { ...base, decision: 'up-to-date', released: false, release: null, previousTag: start.latestRelease.tag };
  }

  const previousTag = config.previousTag ?? start.latestRelease?.tag ?? null;
  const facts = await gatherReleaseFacts(gh, repo, { target, previousTag, policy: config.policy });
  let evaluation = decide(config.policy, facts, deps.now());
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

  const body = await releaseBody(config, deps, repo, target, previousTag, evaluation, facts);

  // The calendar may have closed while facts were gathered: decide again on the same facts, now.
  evaluation = decide(config.policy, facts, deps.now());
  if (!evaluation.allowed) return blocked(evaluation);

  const content: ReleaseContent = {
    tag: config.tag,
    target,
    name: config.name,
    body,
    draft: config.draft,
    prerelease: config.prerelease,
    ...(config.makeLatest ? { makeLatest: config.makeLatest } : {})
  };
  const result = await converge(gh, repo, content, log);
  return {
    ...evaluated,
    evaluation,
    decision: result.created ? 'released' : 'already-released',
    released: result.created,
    release: { id: result.release.id, url: result.release.url }
  };
}

function movedRelease(tag: string, existing: string | null, target: string): FactError {
  return new FactError(
    `Release ${tag} already exists at ${existing ? existing.slice(0, 7) : 'another commit'}, not at the target ${target.slice(0, 7)}. ` +
      'Tollgate never moves or overwrites a published release: release the target under a new tag.'
  );
}

async function releaseBody(
  config: ReleaseConfig,
  deps: ReleaseDeps,
  repo: RepoRef,
  target: string,
  previousTag: string | null,
  decision: Decision,
  facts: ReleaseFacts
): Promise<string> {
  const audit = renderAuditSection({ decision, policy: config.policy, facts, now: deps.now(), maxChars: 20_000 });
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

/**
 * Ends with exactly one release for the tag: publishes an existing draft in place, creates
 * the release otherwise, and treats a release another run published meanwhile as already released.
 * A tag or release that points at another commit is an error, never overwritten.
 */
async function converge(
  gh: GitHub,
  repo: RepoRef,
  content: ReleaseContent,
  log: ReleaseDeps['log']
): Promise<{ created: boolean; release: { id: number; url: string } }> {
  const existingTag = await tagCommit(gh, repo, content.tag);
  if (existingTag && existingTag !== content.target) {
    throw new FactError(
      `Tag ${content.tag} already exists at ${existingTag.slice(0, 7)}, not at the target ${content.target.slice(0, 7)}; ` +
        'a release of it would not release the target. Use a new tag.'
    );
  }
  const drafts = await findDrafts(gh, repo, content.tag);
  if (drafts.length > 0) {
    const [draft, ...others] = drafts;
    if (others.length) log.warning(`${drafts.length} draft releases have tag ${content.tag}; Tollgate updated draft ${draft!.id} and left ${others.map((d) => d.id).join(', ')} alone.`);
    const updated = await updateRelease(gh, repo, draft!.id, content);
    log.info(`${content.draft ? 'Updated' : 'Published'} draft release ${updated.id} (${content.tag}).`);
    return { created: true, release: updated };
  }
  const result = await createRelease(gh, repo, content);
  if ('created' in result) {
    log.info(`Created release ${result.created.id} (${content.tag}).`);
    return { created: true, release: result.created };
  }
  // Another run published this tag between our checks and our write.
  const published = await findPublishedRelease(gh, repo, content.tag);
  if (!published) throw new FactError(`GitHub says release ${content.tag} already exists, but it cannot be read back.`);
  const sha = await tagCommit(gh, repo, content.tag);
  if (sha !== content.target) throw movedRelease(content.tag, sha, content.target);
  log.info(`Release ${content.tag} was published meanwhile by another run: converged on it.`);
  return { created: false, release: published };
}
