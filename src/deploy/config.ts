/**
 * deploy-action's inputs, parsed and checked before anything is read from or written to GitHub.
 */
import { parseApprovers } from '../core/approver-input.js';
import type { RunContext } from '../core/context.js';
import { InputError } from '../core/errors.js';
import type { Inputs } from '../core/inputs.js';
import { parseSchedule } from '../core/schedule/index.js';
import type { DeployGatePolicy } from './gate.js';
import { parsePeriod } from './report/period.js';

export const STEPS = ['record', 'start', 'finish', 'deactivate', 'check', 'report'] as const;
export type Step = (typeof STEPS)[number];

export type FinalState = 'success' | 'failure' | 'error' | 'inactive';

/** Accepted `status` values: the final deployment states, and the values of `${{ job.status }}`. */
const STATUS_VALUES: Record<string, FinalState> = {
  success: 'success',
  failure: 'failure',
  error: 'error',
  inactive: 'inactive',
  cancelled: 'error'
};

/** GitHub keeps at most this many characters of a status description. */
export const DESCRIPTION_LIMIT = 140;

export interface DeployConfig {
  token: string;
  step: Step;
  environment?: string;
  ref: string;
  status: FinalState;
  deploymentId?: number;
  environmentUrl?: string;
  logUrl: string;
  description?: string;
  task: string;
  payload: Record<string, unknown>;
  transientEnvironment?: boolean;
  productionEnvironment?: boolean;
  autoInactive: boolean;
  version?: string;
  dryRun: boolean;
  autoMerge: boolean;
  requiredContexts: string[];
  /** Windows, freezes, emergencies and promotion: checked by `start`, `record` and `check` before anything is written. */
  gate: DeployGatePolicy;
  /** `fail` (default): a blocked deployment fails the step. `skip`: the step succeeds and writes nothing. */
  onBlocked: 'fail' | 'skip';
  /** Where to write the coming 90 days of windows and freezes as an iCalendar file. */
  calendarFile?: string;
  /** `step: report`: the period and the labels that mark defects and incidents. */
  report: { days: number; period: string; defectLabels: string[]; incidentLabels: string[] };
}

/** Steps the gate applies to: the ones that create a deployment, and `check`. */
export const GATED_STEPS: ReadonlySet<Step> = new Set<Step>(['start', 'record', 'check']);

export function readDeployConfig(inputs: Inputs, context: RunContext, warn: (message: string) => void): DeployConfig {
  const step = inputs.choice('step', STEPS, 'record');
  // A delivery report is about production unless told otherwise.
  const environment = inputs.optional('environment') ?? (step === 'report' ? 'production' : undefined);
  if (environment !== undefined && environment.length > 255) {
    throw new InputError('environment', environment, 'accepted values are environment names of at most 255 characters');
  }
  if (!environment && step !== 'finish' && step !== 'check') {
    throw new InputError('environment', '', `an environment name such as production or staging is required when step is ${step}`);
  }

  const statusValue = inputs.raw('status');
  const status = statusValue ? STATUS_VALUES[statusValue.toLowerCase()] : 'success';
  if (!status) {
    throw new InputError('status', statusValue, `accepted values are ${Object.keys(STATUS_VALUES).join(', ')} (cancelled is recorded as error)`);
  }

  const idValue = inputs.raw('deployment-id');
  let deploymentId: number | undefined;
  if (idValue) {
    if (!/^\d+$/.test(idValue) || Number(idValue) < 1 || !Number.isSafeInteger(Number(idValue))) {
      throw new InputError('deployment-id', idValue, 'accepted values are deployment ids (positive whole numbers), such as the deployment-id output of a start step');
    }
    deploymentId = Number(idValue);
  }
  if (step !== 'finish' && deploymentId !== undefined) {
    warn(`Input 'deployment-id' is only used when step is finish; it is ignored for step ${step}.`);
  }

  let description = inputs.optional('description');
  if (description && [...description].length > DESCRIPTION_LIMIT) {
    const cut = [...description].slice(0, DESCRIPTION_LIMIT - 1).join('') + '…';
    warn(`Input 'description' has ${[...description].length} characters; GitHub keeps ${DESCRIPTION_LIMIT}, so it was cut to: ${cut}`);
    description = cut;
  }

  const task = inputs.optional('task') ?? 'deploy';
  const environmentUrl = inputs.url('environment-url');
  const version = inputs.optional('version');
  const payload = inputs.jsonObject('payload') ?? {};
  const gate: DeployGatePolicy = {
    schedule: parseSchedule({ windows: inputs.text('windows'), freezes: inputs.text('freezes'), timezone: inputs.raw('timezone') || 'UTC' }),
    requireEnvironment: inputs.list('require-environment'),
    emergencyLabels: inputs.list('emergency-labels'),
    emergencyApprovers: parseApprovers(inputs, 'emergency-approvers')
  };
  if (environment && gate.requireEnvironment.some((e) => e.toLowerCase() === environment.toLowerCase())) {
    throw new InputError('require-environment', inputs.raw('require-environment'), `environments other than ${environment}, the environment being deployed to`);
  }
  if (gate.emergencyLabels.length > 0 && gate.emergencyApprovers.length === 0) {
    warn("Input 'emergency-labels' is set but 'emergency-approvers' is empty: nobody can declare an emergency.");
  }
  const calendarFile = inputs.optional('calendar-file');

  return {
    token: inputs.raw('token'),
    step,
    ...(environment ? { environment } : {}),
    ref: inputs.optional('ref') ?? context.sha,
    status,
    ...(deploymentId !== undefined ? { deploymentId } : {}),
    ...(environmentUrl ? { environmentUrl } : {}),
    logUrl: inputs.url('log-url') ?? context.runUrl,
    ...(description ? { description } : {}),
    task,
    payload,
    transientEnvironment: inputs.optionalBoolean('transient-environment'),
    productionEnvironment: inputs.optionalBoolean('production-environment'),
    autoInactive: inputs.boolean('auto-inactive', true),
    ...(version ? { version } : {}),
    dryRun: inputs.boolean('dry-run', false),
    autoMerge: inputs.boolean('auto-merge', false),
    requiredContexts: inputs.list('required-contexts'),
    gate,
    onBlocked: inputs.choice('on-blocked', ['fail', 'skip'] as const, 'fail'),
    ...(calendarFile ? { calendarFile } : {}),
    report: {
      ...(() => {
        const period = parsePeriod(inputs.raw('period') || '30d');
        return { days: period.days, period: period.label };
      })(),
      defectLabels: inputs.raw('defect-labels') ? inputs.list('defect-labels') : ['bug'],
      incidentLabels: inputs.raw('incident-labels') ? inputs.list('incident-labels') : ['incident']
    }
  };
}
