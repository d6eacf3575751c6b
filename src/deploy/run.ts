/**
 * deploy-action's logic: record deployments and their statuses in a GitHub Environment.
 * It talks to GitHub only through the adapters in src/github and reports through ActionIO.
 */
import { randomUUID } from 'node:crypto';
import type { RunContext } from '../core/context.js';
import type { StepDeadline } from '../core/deadline.js';
import { ApiError, InputError } from '../core/errors.js';
import type { GitHub } from '../core/github/client.js';
import { WRITE_GAP_MS, WritePacer } from '../core/github/pacing.js';
import { VERSION } from '../core/version.js';
import {
  PROVENANCE_KEY,
  createDeployment,
  createStatus,
  getDeployment,
  latestStatus,
  listRunDeployments,
  type Deployment,
  type NewDeployment,
  type Provenance,
  type RepoRef,
  type StatusState
} from '../github/deployments.js';
import type { DeployConfig } from './config.js';
import type { GateRecord } from './gate.js';
import { createdBy, ownDeployment, type JobIdentity } from './ownership.js';
import { sweepInactive } from './sweep.js';

/** How many times in all a create is sent when its answers are lost and reading back does not find it. */
const CREATE_ATTEMPTS = 3;
/**
 * GitHub's lists can lag a write by a moment: a lost create that is not listed yet is looked for
 * once more after this pause before it is sent again.
 */
const READ_BACK_PAUSE_MS = 1000;

export interface DeployOutcome {
  step: DeployConfig['step'];
  environment: string;
  deploymentId: number | null;
  /** The commit deployed (null when unknown, e.g. a dry run of a new deployment by branch name). */
  sha: string | null;
  ref: string;
  /** The status written, or that would be written in a dry run. */
  status: StatusState | '';
  environmentUrl: string;
  logUrl: string;
  /** True when a re-run reused the deployment an earlier attempt of this run created. */
  reused: boolean;
  dryRun: boolean;
  /** Deployments this step marked inactive (or would, in a dry run). */
  deactivated: number[];
  /** Active deployments remain that this run left for the next one (SWEEP_LIMIT, or the time limit). */
  moreToDeactivate: boolean;
  /** What was written to GitHub, or would be in a dry run, one line each. */
  writes: string[];
}

export interface DeployDeps {
  gh: GitHub;
  context: RunContext;
  log: { info(message: string): void; warning(message: string): void };
  /** The deploy gate's decision, recorded in the provenance payload (when a gate is configured). */
  gate?: GateRecord;
  /**
   * The commit the gate checked (full SHA). The deployment is created for it, not for `ref`: a
   * branch or tag that moves between the check and the write must not bring an unchecked commit.
   */
  commit?: string;
  /** The step's time limit: the sweep stops early rather than run into it. */
  deadline?: StepDeadline;
  /** Gap between the sweep's writes; GitHub's one second unless a test shortens it. */
  writeGapMs?: number;
}

export function provenanceRecord(config: DeployConfig, context: RunContext, writeId: string): Provenance {
  return {
    run_id: context.runId,
    run_attempt: context.runAttempt,
    run_url: context.runUrl,
    workflow: context.workflow,
    job: context.job,
    task: config.task,
    write_id: writeId,
    actor: context.actor,
    event: context.eventName,
    ...(config.version ? { version: config.version } : {}),
    action: 'deploy-action',
    action_version: VERSION
  };
}

/** The outcome of a step before it has written anything (and of one that writes nothing: `check`, a blocked deploy). */
export function emptyOutcome(config: DeployConfig, sha: string | null): DeployOutcome {
  return {
    step: config.step,
    environment: config.environment ?? '',
    deploymentId: null,
    sha,
    ref: config.ref,
    status: '',
    environmentUrl: config.environmentUrl ?? '',
    logUrl: config.logUrl,
    reused: false,
    dryRun: config.dryRun,
    deactivated: [],
    moreToDeactivate: false,
    writes: []
  };
}

export async function runDeploy(config: DeployConfig, deps: DeployDeps): Promise<DeployOutcome> {
  return new DeployRun(config, deps).run();
}

/** One execution of the action: the deployment it works on and what it has written. */
class DeployRun {
  private readonly repo: RepoRef;
  private readonly outcome: DeployOutcome;
  private current: Deployment | null = null;
  /** False while `current` lacks the status this step means to give it: a failure then marks it `error`. */
  private settled = true;
  /** The write id of a create whose answer was lost and which reading back has not yet found. */
  private lostCreate: string | null = null;

  constructor(
    private readonly config: DeployConfig,
    private readonly deps: DeployDeps
  ) {
    this.repo = { owner: deps.context.owner, repo: deps.context.repo };
    this.outcome = emptyOutcome(config, null);
  }

  async run(): Promise<DeployOutcome> {
    try {
      await this.steps();
    } catch (error) {
      await this.settleAfterFailure(error);
      throw error;
    }
    return this.outcome;
  }

  private async steps(): Promise<void> {
    switch (this.config.step) {
      case 'start':
        await this.openDeployment();
        await this.writeStatus('in_progress');
        break;
      case 'record':
        await this.openDeployment();
        await this.writeStatus(this.config.status);
        await this.retireOthers();
        break;
      case 'finish':
        await this.findDeployment();
        await this.writeStatus(this.config.status);
        await this.retireOthers();
        break;
      case 'deactivate':
        await this.deactivateEnvironment(null);
        this.outcome.status = 'inactive';
        break;
    }
  }

  private identity(environment: string, task: string): JobIdentity {
    const { context } = this.deps;
    return { runId: context.runId, runAttempt: context.runAttempt, job: context.job, task, environment };
  }

  /** Creates the deployment, or on a re-run reuses the one an earlier attempt of this run created. */
  private async openDeployment(): Promise<void> {
    const { config, deps, repo, outcome } = this;
    const environment = config.environment as string;
    // Only a re-run can find a deployment of its own run: the first attempt skips the lookup.
    if (deps.context.runAttempt > 1) {
      const earlier = ownDeployment(await listRunDeployments(deps.gh, repo, { environment, task: config.task, runId: deps.context.runId }), this.identity(environment, config.task));
      if (earlier.kind === 'several') {
        deps.log.warning(`Re-run: this job created several deployments in ${environment} (${earlier.deployments.map((d) => d.id).join(', ')}); creating a new one instead of guessing.`);
      }
      // A gated re-run reuses only a deployment of the commit it checked, whatever the ref names now.
      const same = (d: Deployment) => (deps.commit ? d.sha.toLowerCase() === deps.commit.toLowerCase() : d.ref === config.ref || d.sha === config.ref);
      this.current = earlier.kind === 'one' && same(earlier.deployment) ? earlier.deployment : null;
      if (this.current) {
        outcome.reused = true;
        this.settled = false;
        deps.log.info(`Re-run: reusing deployment ${this.current.id} that attempt ${String((this.current.payload[PROVENANCE_KEY] as Provenance | undefined)?.run_attempt ?? '?')} of this run created.`);
      }
    }
    if (!this.current) {
      const writeId = randomUUID();
      const payload = { ...config.payload, [PROVENANCE_KEY]: { ...provenanceRecord(config, deps.context, writeId), ...(deps.gate ? { gate: deps.gate } : {}) } };
      if (PROVENANCE_KEY in config.payload) deps.log.warning(`Input 'payload' has a '${PROVENANCE_KEY}' key; it is replaced by the provenance record.`);
      const description = config.description ?? `Deploying ${shortRef(config.ref)} to ${environment}`;
      const ref = deps.commit ?? config.ref;
      if (config.dryRun) {
        outcome.writes.push(`create a deployment of ${shortRef(ref)} to ${environment} (task ${config.task})`);
      } else {
        this.current = await this.createExactlyOnce(
          {
            ref,
            environment,
            task: config.task,
            description,
            payload,
            transientEnvironment: config.transientEnvironment,
            productionEnvironment: config.productionEnvironment,
            autoMerge: config.autoMerge,
            requiredContexts: config.requiredContexts
          },
          writeId
        );
        this.settled = false;
        outcome.writes.push(`created deployment ${this.current.id} of ${this.current.sha.slice(0, 7)} to ${environment}`);
      }
    }
    if (this.current) {
      outcome.deploymentId = this.current.id;
      outcome.sha = this.current.sha;
    } else if (deps.commit) {
      outcome.sha = deps.commit;
    } else if (/^[0-9a-f]{40}$/i.test(config.ref)) {
      outcome.sha = config.ref;
    }
  }

  /**
   * Creates the deployment once. When GitHub's answer is lost (dropped connection, 5xx, timeout),
   * the create may have happened: the deployment is looked up by this step's write id first, and
   * only created again when GitHub does not have it.
   */
  private async createExactlyOnce(request: NewDeployment, writeId: string): Promise<Deployment> {
    const { deps, repo } = this;
    for (let attempt = 1; ; attempt++) {
      try {
        return await createDeployment(deps.gh, repo, request);
      } catch (error) {
        if (!(error instanceof ApiError && error.outcomeUnknown)) throw error;
        this.lostCreate = writeId;
        deps.log.warning(`${error.message}. Looking for it before creating it again.`);
        let found = await this.findLostCreate(request.environment, request.task, writeId);
        if (!found) {
          await new Promise((resolve) => setTimeout(resolve, READ_BACK_PAUSE_MS));
          found = await this.findLostCreate(request.environment, request.task, writeId);
        }
        this.lostCreate = null;
        if (found) {
          deps.log.info(`GitHub had created deployment ${found.id}: using it.`);
          return found;
        }
        if (attempt >= CREATE_ATTEMPTS) throw error;
        deps.log.info(`GitHub has no such deployment: creating it again (attempt ${attempt + 1} of ${CREATE_ATTEMPTS}).`);
      }
    }
  }

  private async findLostCreate(environment: string, task: string, writeId: string): Promise<Deployment | null> {
    return createdBy(await listRunDeployments(this.deps.gh, this.repo, { environment, task, runId: this.deps.context.runId }), writeId);
  }

  /**
   * After a failure, a deployment this step created or took over must not stay pending or in
   * progress for ever (GitHub never marks those inactive): it gets a final `error` status, using
   * the time the step's limit keeps in reserve. Best effort: if that fails too, the log says how to
   * finish it by hand.
   */
  private async settleAfterFailure(error: unknown): Promise<void> {
    const { config, deps, repo, outcome } = this;
    if (config.dryRun) return;
    deps.deadline?.finishUp();
    let target = this.settled ? null : this.current;
    const notes: string[] = [];
    if (!target && this.lostCreate) {
      try {
        target = await this.findLostCreate(outcome.environment, config.task, this.lostCreate);
      } catch (readError) {
        notes.push(
          `Whether GitHub created the deployment is unknown (${messageOf(readError)}): look for a pending deployment of this run in ${outcome.environment} and finish it with step finish.`
        );
      }
    }
    if (target) {
      const reason = messageOf(error).split('\n')[0]!;
      try {
        await createStatus(deps.gh, repo, target.id, {
          state: 'error',
          description: cut(`Tollgate stopped: ${reason}`),
          environment: target.environment,
          ...(config.environmentUrl ? { environmentUrl: config.environmentUrl } : {}),
          logUrl: config.logUrl
        });
        outcome.writes.push(`set deployment ${target.id} to error`);
        notes.push(`Deployment ${target.id} was given the final status error, so that it does not stay pending.`);
      } catch (statusError) {
        notes.push(
          `Deployment ${target.id} could not be given a final status (${messageOf(statusError)}): run this action with step finish, deployment-id ${target.id} and status error.`
        );
      }
    }
    for (const note of notes) deps.log.warning(note);
    if (notes.length && error instanceof Error) error.message = [error.message.replace(/\.?$/, '.'), ...notes].join(' ');
  }

  /** Finds the deployment `finish` completes: by id, or the one this run started in the environment. */
  private async findDeployment(): Promise<void> {
    const { config, deps, repo, outcome } = this;
    if (config.deploymentId !== undefined) {
      this.current = await getDeployment(deps.gh, repo, config.deploymentId);
      if (!this.current) {
        throw new InputError(
          'deployment-id',
          String(config.deploymentId),
          `accepted values are ids of existing deployments in ${repo.owner}/${repo.repo}, such as the deployment-id output of a start step`,
          'GitHub has no such deployment'
        );
      }
      if (config.environment && this.current.environment !== config.environment) {
        throw new InputError('environment', config.environment, `leave it empty or give ${this.current.environment}, the environment of deployment ${this.current.id}`);
      }
    } else {
      if (!config.environment) {
        throw new InputError('deployment-id', '', 'when step is finish, give deployment-id (the output of the start step) or environment (to find the deployment this run started)');
      }
      const own = ownDeployment(
        await listRunDeployments(deps.gh, repo, { environment: config.environment, task: config.task, runId: deps.context.runId }),
        this.identity(config.environment, config.task)
      );
      const who = `this job (${deps.context.job || 'unnamed'}, task ${config.task}) of this run (${deps.context.runUrl})`;
      if (own.kind === 'several') {
        throw new InputError(
          'deployment-id',
          '',
          `pass the deployment-id output of the start step: ${who} started several deployments in ${config.environment}: ${own.deployments
            .map((d) => `${d.id} (${d.sha.slice(0, 7)}, ${d.createdAt})`)
            .join(', ')}, and Tollgate will not guess which one to finish`
        );
      }
      if (own.kind === 'none') {
        throw new InputError(
          'deployment-id',
          '',
          `pass the deployment-id output of the start step: ${who} started no deployment in ${config.environment} among the 100 newest`
        );
      }
      this.current = own.deployment;
    }
    outcome.deploymentId = this.current.id;
    outcome.sha = this.current.sha;
    outcome.ref = this.current.ref;
    outcome.environment = this.current.environment;
    this.settled = false;
  }

  private async writeStatus(state: StatusState): Promise<void> {
    const { config, deps, repo, outcome } = this;
    outcome.status = state;
    const description = config.description ?? defaultDescription(state, outcome, deps.context);
    if (config.dryRun || outcome.deploymentId === null) {
      outcome.writes.push(`set the deployment's status to ${state}`);
      return;
    }
    const id = outcome.deploymentId;
    try {
      await createStatus(deps.gh, repo, id, {
        state,
        description,
        environment: outcome.environment,
        ...(config.environmentUrl ? { environmentUrl: config.environmentUrl } : {}),
        logUrl: config.logUrl,
        ...(state === 'success' ? { autoInactive: config.autoInactive } : {})
      });
    } catch (error) {
      // The answer was lost: the status may be there. Read back before calling it a failure.
      if (!(error instanceof ApiError && error.outcomeUnknown) || (await latestStatus(deps.gh, repo, id)) !== state) throw error;
      deps.log.warning(`${error.message}. Reading back shows deployment ${id} has status ${state}: it was written.`);
    }
    this.settled = true;
    outcome.writes.push(`set deployment ${id} to ${state}`);
  }

  /**
   * After a success, earlier active deployments of the environment become inactive.
   * GitHub's own auto_inactive covers earlier non-production, non-transient deployments;
   * for production and transient deployments Tollgate marks them itself, across all pages.
   */
  private async retireOthers(): Promise<void> {
    const { config, outcome, current } = this;
    if (outcome.status !== 'success' || !config.autoInactive) return;
    // Without a deployment (a dry run), apply GitHub's default: production only for `production`.
    const sweep = current
      ? current.productionEnvironment || current.transientEnvironment
      : (config.productionEnvironment ?? outcome.environment === 'production') || config.transientEnvironment === true;
    if (!sweep) return;
    await this.deactivateEnvironment(outcome.deploymentId);
  }

  private async deactivateEnvironment(keep: number | null): Promise<void> {
    const { config, deps, repo, outcome } = this;
    const swept = await sweepInactive(
      { gh: deps.gh, repo, log: deps.log, pacer: new WritePacer(deps.writeGapMs ?? WRITE_GAP_MS), ...(deps.deadline ? { deadline: deps.deadline } : {}) },
      {
        environment: outcome.environment,
        keep,
        dryRun: config.dryRun,
        logUrl: config.logUrl,
        description: keep ? `Replaced by deployment ${keep}` : `Deactivated by ${deps.context.workflow} #${deps.context.runNumber}`
      }
    );
    outcome.deactivated.push(...swept.deactivated);
    outcome.writes.push(...swept.writes);
    outcome.moreToDeactivate = swept.more;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A status description within GitHub's 140 characters. */
function cut(text: string): string {
  return [...text].length > 140 ? [...text].slice(0, 139).join('') + '…' : text;
}

function defaultDescription(state: StatusState, outcome: DeployOutcome, context: RunContext): string {
  const what = `${shortRef(outcome.sha ?? outcome.ref)} to ${outcome.environment}`;
  const by = `${context.workflow} #${context.runNumber}`;
  const text: Record<StatusState, string> = {
    in_progress: `Deploying ${what} (${by})`,
    queued: `Queued ${what} (${by})`,
    pending: `Pending ${what} (${by})`,
    success: `Deployed ${what} (${by})`,
    failure: `Deployment of ${what} failed (${by})`,
    error: `Deployment of ${what} errored or was cancelled (${by})`,
    inactive: `Deployment of ${what} marked inactive (${by})`
  };
  const description = text[state];
  return description.length > 140 ? description.slice(0, 139) + '…' : description;
}

function shortRef(ref: string): string {
  return /^[0-9a-f]{40}$/i.test(ref) ? ref.slice(0, 7) : ref;
}
