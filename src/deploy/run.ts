/**
 * deploy-action's logic: record deployments and their statuses in a GitHub Environment.
 * It talks to GitHub only through the adapters in src/github and reports through ActionIO.
 */
import type { RunContext } from '../core/context.js';
import { InputError } from '../core/errors.js';
import type { GitHub } from '../core/github/client.js';
import { VERSION } from '../core/version.js';
import {
  PROVENANCE_KEY,
  createDeployment,
  createStatus,
  findRunDeployment,
  getDeployment,
  listEnvironmentDeployments,
  type Deployment,
  type Provenance,
  type RepoRef,
  type StatusState
} from '../github/deployments.js';
import type { DeployConfig } from './config.js';
import type { GateRecord } from './gate.js';

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
  /** What was written to GitHub, or would be in a dry run, one line each. */
  writes: string[];
}

export interface DeployDeps {
  gh: GitHub;
  context: RunContext;
  log: { info(message: string): void; warning(message: string): void };
  /** The deploy gate's decision, recorded in the provenance payload (when a gate is configured). */
  gate?: GateRecord;
}

export function provenanceRecord(config: DeployConfig, context: RunContext): Provenance {
  return {
    run_id: context.runId,
    run_attempt: context.runAttempt,
    run_url: context.runUrl,
    workflow: context.workflow,
    actor: context.actor,
    event: context.eventName,
    ...(config.version ? { version: config.version } : {}),
    action: 'deploy-action',
    action_version: VERSION
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

  constructor(
    private readonly config: DeployConfig,
    private readonly deps: DeployDeps
  ) {
    this.repo = { owner: deps.context.owner, repo: deps.context.repo };
    this.outcome = {
      step: config.step,
      environment: config.environment ?? '',
      deploymentId: null,
      sha: null,
      ref: config.ref,
      status: '',
      environmentUrl: config.environmentUrl ?? '',
      logUrl: config.logUrl,
      reused: false,
      dryRun: config.dryRun,
      deactivated: [],
      writes: []
    };
  }

  async run(): Promise<DeployOutcome> {
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
    return this.outcome;
  }

  /** Creates the deployment, or on a re-run reuses the one an earlier attempt of this run created. */
  private async openDeployment(): Promise<void> {
    const { config, deps, repo, outcome } = this;
    const environment = config.environment as string;
    // Only a re-run can find a deployment of its own run: the first attempt skips the lookup.
    if (deps.context.runAttempt > 1) {
      this.current = await findRunDeployment(deps.gh, repo, { environment, task: config.task, runId: deps.context.runId });
      if (this.current && this.current.ref !== config.ref && this.current.sha !== config.ref) this.current = null;
      if (this.current) {
        outcome.reused = true;
        deps.log.info(`Re-run: reusing deployment ${this.current.id} that attempt ${String((this.current.payload[PROVENANCE_KEY] as Provenance | undefined)?.run_attempt ?? '?')} of this run created.`);
      }
    }
    if (!this.current) {
      const payload = { ...config.payload, [PROVENANCE_KEY]: { ...provenanceRecord(config, deps.context), ...(deps.gate ? { gate: deps.gate } : {}) } };
      if (PROVENANCE_KEY in config.payload) deps.log.warning(`Input 'payload' has a '${PROVENANCE_KEY}' key; it is replaced by the provenance record.`);
      const description = config.description ?? `Deploying ${shortRef(config.ref)} to ${environment}`;
      if (config.dryRun) {
        outcome.writes.push(`create a deployment of ${config.ref} to ${environment} (task ${config.task})`);
      } else {
        this.current = await createDeployment(deps.gh, repo, {
          ref: config.ref,
          environment,
          task: config.task,
          description,
          payload,
          transientEnvironment: config.transientEnvironment,
          productionEnvironment: config.productionEnvironment,
          autoMerge: config.autoMerge,
          requiredContexts: config.requiredContexts
        });
        outcome.writes.push(`created deployment ${this.current.id} of ${this.current.sha.slice(0, 7)} to ${environment}`);
      }
    }
    if (this.current) {
      outcome.deploymentId = this.current.id;
      outcome.sha = this.current.sha;
    } else if (/^[0-9a-f]{40}$/i.test(config.ref)) {
      outcome.sha = config.ref;
    }
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
      this.current = await findRunDeployment(deps.gh, repo, { environment: config.environment, runId: deps.context.runId });
      if (!this.current) {
        throw new InputError(
          'deployment-id',
          '',
          `pass the deployment-id output of the start step: this run (${deps.context.runUrl}) started no deployment in ${config.environment} among its 100 newest deployments`
        );
      }
    }
    outcome.deploymentId = this.current.id;
    outcome.sha = this.current.sha;
    outcome.ref = this.current.ref;
    outcome.environment = this.current.environment;
  }

  private async writeStatus(state: StatusState): Promise<void> {
    const { config, deps, repo, outcome } = this;
    outcome.status = state;
    const description = config.description ?? defaultDescription(state, outcome, deps.context);
    if (config.dryRun || outcome.deploymentId === null) {
      outcome.writes.push(`set the deployment's status to ${state}`);
      return;
    }
    await createStatus(deps.gh, repo, outcome.deploymentId, {
      state,
      description,
      environment: outcome.environment,
      ...(config.environmentUrl ? { environmentUrl: config.environmentUrl } : {}),
      logUrl: config.logUrl,
      ...(state === 'success' ? { autoInactive: config.autoInactive } : {})
    });
    outcome.writes.push(`set deployment ${outcome.deploymentId} to ${state}`);
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
    const environment = outcome.environment;
    const deployments = await listEnvironmentDeployments(deps.gh, repo, environment);
    const active = deployments.filter((d) => d.state === 'ACTIVE' && d.id !== keep);
    for (const deployment of active) {
      if (config.dryRun) {
        outcome.writes.push(`mark deployment ${deployment.id} (${deployment.sha.slice(0, 7)}) inactive`);
      } else {
        await createStatus(deps.gh, repo, deployment.id, {
          state: 'inactive',
          description: keep ? `Replaced by deployment ${keep}` : `Deactivated by ${deps.context.workflow} #${deps.context.runNumber}`,
          logUrl: config.logUrl
        });
        outcome.writes.push(`marked deployment ${deployment.id} (${deployment.sha.slice(0, 7)}) inactive`);
      }
      outcome.deactivated.push(deployment.id);
    }
  }
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
