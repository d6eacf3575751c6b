/**
 * The release write, exactly once: ensure the tag points at the approved commit, then find or
 * create the draft or release, then publish. Whatever concurrent runs, re-runs and lost answers
 * do, the tag ends at the target with one release, and only the run that wrote it says `released`.
 *
 * - The tag ref is created first, at the target (GitHub's ref creation is atomic): a release
 *   is never attached to a tag someone pushed at another commit meanwhile, and among runs
 *   that find the tag missing, only the one that creates it goes on to write the release.
 * - A create or publish whose answer is lost (5xx, dropped connection, timed out after sending:
 *   ApiError.outcomeUnknown) may have been carried out: the release is read back, recognised by
 *   this run's marker in its body, before the request is sent again. When the step's time runs
 *   out, the read-back uses the time kept for finishing and nothing is sent again: the tag stays
 *   at the approved commit and the next run converges on it.
 */
import type { RunContext } from '../core/context.js';
import { ApiError, FactError } from '../core/errors.js';
import type { GitHub } from '../core/github/client.js';
import type { RepoRef } from '../github/deployments.js';
import {
  createRelease,
  createTagRef,
  deleteRelease,
  findDrafts,
  findPublishedRelease,
  getRelease,
  tagCommit,
  updateRelease,
  type CreateResult,
  type Release,
  type UpdateResult,
  type ReleaseContent
} from '../github/releases.js';
import type { Reason } from './model.js';

/** How many times a write whose answer was lost is sent, each after reading back. */
const SENDS = 3;

export type Converged = { created: boolean; release: Release | null } | { taken: string };

export interface ConvergeOptions {
  /** This run's marker, put in the release body: it recognises the release this run wrote. */
  marker: string;
  /** True when the tag did not exist when the run started: then creating it is this run's claim. */
  tagKnownAbsent: boolean;
  log: { info(message: string): void; warning(message: string): void };
}

/** `<!-- tollgate:run 123/1 -->`: the workflow run and attempt that wrote a release. */
export function runMarker(context: Pick<RunContext, 'runId' | 'runAttempt'>): string {
  return `<!-- tollgate:run ${context.runId}/${context.runAttempt} -->`;
}

/** Why a release of `tag` would not release the target. */
export function tagTaken(tag: string, at: string | null, target: string, what: 'tag' | 'release'): Reason {
  const where = at ? at.slice(0, 7) : 'another commit';
  return {
    code: 'tag-taken',
    message:
      what === 'release'
        ? `Release ${tag} already exists at ${where}, not at the target ${target.slice(0, 7)}; Tollgate never moves or overwrites a published release: release the target under a new tag.`
        : `Tag ${tag} already exists at ${where}, not at the target ${target.slice(0, 7)}: a release of it would not release the target. Release the target under a new tag.`
  };
}

export async function converge(gh: GitHub, repo: RepoRef, content: ReleaseContent, options: ConvergeOptions): Promise<Converged> {
  const tag = await ensureTag(gh, repo, content, options);
  if (tag === 'another-run') {
    // Another run created the tag after this one found it missing: that run writes the release.
    const found = (await findPublishedRelease(gh, repo, content.tag)) ?? (await findDrafts(gh, repo, content.tag))[0] ?? null;
    options.log.info(`Tag ${content.tag} was created at ${content.target.slice(0, 7)} by another run meanwhile; that run writes the release.`);
    return { created: false, release: found };
  }
  if (typeof tag === 'object') return { taken: tag.taken };
  // Without the tag as a claim (it was there before the run), concurrent runs may both get here.
  const claimed = tag === 'claimed';

  const drafts = await findDrafts(gh, repo, content.tag);
  if (drafts.length > 0) {
    // The oldest draft is the one every run picks, so concurrent runs never publish two.
    const draft = drafts.reduce((oldest, d) => (d.id < oldest.id ? d : oldest));
    const others = drafts.filter((d) => d !== draft);
    if (others.length) {
      options.log.warning(`${drafts.length} draft releases have tag ${content.tag}; Tollgate updated the oldest, ${draft.id}, and left ${others.map((d) => d.id).join(', ')} alone.`);
    }
    if (!content.draft && draft.assets.length > 0) {
      // Anyone who can push can prepare a draft for the tag and upload files to it: publishing it
      // would ship them under the approved release. With `files`, Tollgate replaces them itself.
      throw new FactError(
        `Draft release ${draft.id} (${content.tag}) carries assets this run did not upload (${draft.assets.join(', ')}); ` +
          'Tollgate cannot tell what they were built from, so it does not publish them. Delete them from the draft, ' +
          'or name the files in `files` so that Tollgate uploads them itself'
      );
    }
    return publishDraft(gh, repo, draft.id, content, options, claimed);
  }
  const created = await create(gh, repo, content, options);
  if (claimed || !content.draft || !('created' in created) || !created.created || !created.release) return created;
  return keepOldestDraft(gh, repo, content, created.release, options);
}

/**
 * Several drafts can share a tag. When runs create one each at once, the oldest stays: the run
 * that created a newer one deletes it and converges on the oldest. Every run agrees on which.
 */
async function keepOldestDraft(gh: GitHub, repo: RepoRef, content: ReleaseContent, mine: Release, options: ConvergeOptions): Promise<Converged> {
  // A run that wrote its draft earlier may have published it already: then that is the release.
  const published = await findPublishedRelease(gh, repo, content.tag);
  if (published) {
    await deleteRelease(gh, repo, mine.id);
    options.log.info(`Release ${content.tag} was published by another run meanwhile (release ${published.id}): deleted this run's draft ${mine.id} and converged on it.`);
    return { created: false, release: published };
  }
  const older = (await findDrafts(gh, repo, content.tag)).filter((d) => d.id < mine.id);
  if (older.length === 0) return { created: true, release: mine };
  const oldest = older.reduce((a, b) => (b.id < a.id ? b : a));
  await deleteRelease(gh, repo, mine.id);
  options.log.info(`Draft release ${oldest.id} (${content.tag}) was created by another run meanwhile: deleted this run's draft ${mine.id} and converged on it.`);
  return { created: false, release: oldest };
}

/** `claimed`: this run created the tag; `present`: the tag was already at the target; otherwise taken. */
type TagOutcome = 'claimed' | 'present' | 'another-run' | { taken: string };

/** Creates the tag at the target unless it is there already; a tag at another commit is `taken`. */
async function ensureTag(gh: GitHub, repo: RepoRef, content: ReleaseContent, options: ConvergeOptions): Promise<TagOutcome> {
  if (!options.tagKnownAbsent) {
    // It was at the target when the run started (pushed by someone, or left by an earlier run): check it still is.
    const sha = await tagCommit(gh, repo, content.tag);
    if (sha === content.target) return 'present';
    if (sha) return { taken: sha };
  }
  let lost: ApiError | null = null;
  for (let send = 0; send < SENDS; send++) {
    const result = await createTagRef(gh, repo, content.tag, content.target);
    // After a lost answer, read the tag back in the time kept for finishing when the step's time ran out.
    if (typeof result === 'object') readBackInReserve(gh, result.lost);
    if (result === 'created') {
      options.log.info(`Created tag ${content.tag} at ${content.target.slice(0, 7)}.`);
      return 'claimed';
    }
    const sha = await tagCommit(gh, repo, content.tag);
    if (result === 'exists') return sha === content.target ? 'another-run' : { taken: sha ?? '' };
    // The answer was lost: the tag may have been created, by this run or another; not a claim then.
    lost = result.lost;
    options.log.warning(`${lost.message}: reading tag ${content.tag} back before trying again.`);
    if (sha === content.target) return 'present';
    if (sha) return { taken: sha };
  }
  throw lost!;
}

/** Creates the release; after a lost answer, finds it by this run's marker before sending again. */
async function create(gh: GitHub, repo: RepoRef, content: ReleaseContent, options: ConvergeOptions): Promise<Converged> {
  let lost: ApiError | null = null;
  for (let send = 0; send < SENDS; send++) {
    const result: CreateResult = await sendAfterLoss(lost, content, () => createRelease(gh, repo, content));
    if ('created' in result) {
      options.log.info(`Created ${content.draft ? 'draft ' : ''}release ${result.created.id} (${content.tag}).`);
      return { created: true, release: result.created };
    }
    if ('alreadyExists' in result) {
      // Another run published this tag between our checks and our write (or our own lost create surfaced late).
      const published = await findPublishedRelease(gh, repo, content.tag);
      if (!published) throw new FactError(`GitHub says release ${content.tag} already exists, but it cannot be read back.`);
      if (published.body.includes(options.marker)) return { created: true, release: published };
      const sha = await tagCommit(gh, repo, content.tag);
      if (sha !== content.target) return { taken: sha ?? '' };
      options.log.info(`Release ${content.tag} was published meanwhile by another run: converged on it.`);
      return { created: false, release: published };
    }
    lost = result.lost;
    const outOfTime = readBackInReserve(gh, lost);
    options.log.warning(`${lost.message}: reading release ${content.tag} back${outOfTime ? '' : ' before sending it again'}.`);
    const mine = await findOwn(gh, repo, content, options.marker);
    if (mine) {
      options.log.info(`Release ${mine.id} (${content.tag}) was created by this run; its answer was lost.`);
      return { created: true, release: mine };
    }
    if (!content.draft) {
      const published = await findPublishedRelease(gh, repo, content.tag);
      if (published) return { created: false, release: published };
    }
    if (outOfTime) break;
  }
  throw notWritten(lost!, content, `Release ${content.tag} was not found when read back`);
}

/**
 * A write whose answer was lost as the step's working time ran out: the read-back may use the
 * time kept for finishing (a release this run created must say so), but nothing is sent again.
 */
function readBackInReserve(gh: GitHub, lost: ApiError): boolean {
  if (lost.timedOut?.limit !== 'step') return false;
  gh.finishUp();
  return true;
}

/** Sends a write again after a lost answer; one the step had no time left to send ends the step, saying what is left. */
async function sendAfterLoss<T>(lost: ApiError | null, content: ReleaseContent, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    if (lost && error instanceof ApiError && error.timedOut && !error.timedOut.sent) throw notWritten(lost, content, `Release ${content.tag} was not found when read back`);
    throw error;
  }
}

/**
 * The release was not written, as far as reading back can tell. What is left is harmless: the tag,
 * at the approved commit, on which the next run converges.
 */
function notWritten(lost: ApiError, content: ReleaseContent, what: string): FactError {
  return new FactError(
    `${lost.message}. ${what}. Tag ${content.tag} stays at ${content.target.slice(0, 7)}, the checked commit: run the workflow again to release it`
  );
}

/** The release of the tag that this run wrote (recognised by its marker), if GitHub has it. */
async function findOwn(gh: GitHub, repo: RepoRef, content: ReleaseContent, marker: string): Promise<Release | null> {
  if (content.draft) return (await findDrafts(gh, repo, content.tag)).find((d) => d.body.includes(marker)) ?? null;
  const published = await findPublishedRelease(gh, repo, content.tag);
  return published?.body.includes(marker) ? published : null;
}

/** Publishes (or refreshes) a draft in place; after a lost answer, reads it back before sending again. */
async function publishDraft(gh: GitHub, repo: RepoRef, id: number, content: ReleaseContent, options: ConvergeOptions, claimed: boolean): Promise<Converged> {
  if (!claimed && !content.draft) {
    // Without the tag as a claim, another run may have published it since it was found.
    const now = await getRelease(gh, repo, id);
    if (now && !now.draft) {
      options.log.info(`Draft release ${id} (${content.tag}) was published meanwhile by another run: converged on it.`);
      return { created: false, release: now };
    }
  }
  let lost: ApiError | null = null;
  const unpublished = `Release ${content.tag} (draft ${id}) was found unchanged when read back`;
  for (let send = 0; send < SENDS; send++) {
    const result: UpdateResult = await sendAfterLoss(lost, content, () => updateRelease(gh, repo, id, content));
    if ('updated' in result) {
      options.log.info(`${content.draft ? 'Updated' : 'Published'} draft release ${id} (${content.tag}).`);
      return { created: true, release: result.updated };
    }
    lost = result.lost;
    const outOfTime = readBackInReserve(gh, lost);
    options.log.warning(`${lost.message}: reading release ${id} back${outOfTime ? '' : ' before sending it again'}.`);
    const now = await getRelease(gh, repo, id);
    if (!now) throw new FactError(`Draft release ${id} (${content.tag}) was deleted while Tollgate published it.`);
    if (now.body.includes(options.marker) && now.draft === content.draft) return { created: true, release: now };
    if (outOfTime) break;
  }
  throw notWritten(lost!, content, unpublished);
}
