import { describe, expect, it } from '@jest/globals';
import { readDeployConfig } from '../../src/deploy/config.js';
import { Inputs } from '../../src/core/inputs.js';
import { testContext } from '../support/context.js';
import { inputErrorOf } from '../support/errors.js';

const read = (values: Record<string, string>, context = testContext()) => {
  const warnings: string[] = [];
  const config = readDeployConfig(new Inputs((name) => values[name] ?? ''), context, (m) => warnings.push(m));
  return { config, warnings };
};

const failure = (values: Record<string, string>) => inputErrorOf(() => read(values));

describe('deploy-action inputs', () => {
  it('defaults to recording a success of the workflow commit, logged to this run', () => {
    const { config } = read({ environment: 'staging' });
    expect(config).toMatchObject({
      step: 'record',
      status: 'success',
      ref: 'a'.repeat(40),
      task: 'deploy',
      autoInactive: true,
      autoMerge: false,
      requiredContexts: [],
      dryRun: false,
      logUrl: 'https://github.com/acme/shop/actions/runs/1001'
    });
    expect(config.productionEnvironment).toBeUndefined();
  });

  it('deploys the pull request head, not the merge commit, on pull_request events', () => {
    const context = testContext({ eventName: 'pull_request', sha: 'm'.repeat(40), payload: { pull_request: { head: { sha: 'h'.repeat(40) } } } });
    expect(read({ environment: 'preview' }, context).config.ref).toBe('h'.repeat(40));
  });

  it('links the attempt page on re-runs', () => {
    const context = testContext({ runAttempt: 3 });
    expect(read({ environment: 'staging' }, context).config.logUrl).toBe('https://github.com/acme/shop/actions/runs/1001/attempts/3');
  });

  it.each([
    ['success', 'success'],
    ['failure', 'failure'],
    ['cancelled', 'error'],
    ['error', 'error'],
    ['inactive', 'inactive'],
    ['Success', 'success']
  ])('accepts status %s as %s', (value, state) => {
    expect(read({ environment: 'prod', status: value }).config.status).toBe(state);
  });

  it('names the input, the value and what is accepted for an unknown step', () => {
    const error = failure({ step: 'deploy', environment: 'prod' });
    expect(error.input).toBe('step');
    expect(error.message).toContain('"deploy"');
    expect(error.message).toContain('record, start, finish, deactivate');
  });

  it('rejects an unknown status, listing the accepted ones', () => {
    const error = failure({ environment: 'prod', status: 'skipped' });
    expect(error.input).toBe('status');
    expect(error.message).toMatch(/success, failure, error, inactive, cancelled/);
  });

  it.each(['start', 'record', 'deactivate'])('requires environment for %s', (step) => {
    const error = failure({ step });
    expect(error.input).toBe('environment');
    expect(error.message).toContain(`step is ${step}`);
  });

  it('rejects a payload that is not a JSON object', () => {
    expect(failure({ environment: 'prod', payload: '[1,2]' }).message).toContain('it is an array');
    expect(failure({ environment: 'prod', payload: '{oops' }).input).toBe('payload');
    expect(failure({ environment: 'prod', payload: '"text"' }).message).toContain('a string');
  });

  it.each(['ftp://example.com', 'example.com', 'javascript:alert(1)'])('rejects the non-http(s) URL %s', (url) => {
    expect(failure({ environment: 'prod', 'environment-url': url }).input).toBe('environment-url');
    expect(failure({ environment: 'prod', 'log-url': url }).input).toBe('log-url');
  });

  it('rejects a deployment-id that is not a positive whole number', () => {
    for (const value of ['abc', '0', '-4', '1.5']) expect(failure({ step: 'finish', 'deployment-id': value }).input).toBe('deployment-id');
  });

  it('rejects booleans other than true or false', () => {
    const error = failure({ environment: 'prod', 'dry-run': 'yes' });
    expect(error.input).toBe('dry-run');
    expect(error.message).toContain('true or false');
  });

  it('cuts a description to the 140 characters GitHub keeps, with a warning', () => {
    const { config, warnings } = read({ environment: 'prod', description: 'x'.repeat(200) });
    expect([...(config.description ?? '')]).toHaveLength(140);
    expect(config.description?.endsWith('…')).toBe(true);
    expect(warnings[0]).toMatch(/200 characters; GitHub keeps 140/);
  });

  it('leaves production-environment to GitHub unless set', () => {
    expect(read({ environment: 'production' }).config.productionEnvironment).toBeUndefined();
    expect(read({ environment: 'prod-eu', 'production-environment': 'true' }).config.productionEnvironment).toBe(true);
  });

  it('reads required contexts as a list', () => {
    expect(read({ environment: 'prod', 'required-contexts': 'ci/build, ci/test\nlint' }).config.requiredContexts).toEqual(['ci/build', 'ci/test', 'lint']);
  });
});

describe('the default ref by event', () => {
  it('keeps the base branch commit on pull_request_target, which must never deploy unmerged code by default', () => {
    const context = testContext({ eventName: 'pull_request_target', sha: 'b'.repeat(40), payload: { pull_request: { head: { sha: 'h'.repeat(40) } } } });
    expect(read({ environment: 'preview' }, context).config.ref).toBe('b'.repeat(40));
  });
});

describe('deploy gate inputs', () => {
  it('fails a deployment the gate blocks by default, and reads the schedule in the given zone', () => {
    const { config } = read({ environment: 'production', freezes: '2026-12-20 - 2027-01-04', timezone: 'Europe/Berlin', 'require-environment': 'staging' });
    expect(config.onBlocked).toBe('fail');
    expect(config.gate.schedule.freezes.map((r) => [r.source, r.zone])).toEqual([['2026-12-20 - 2027-01-04', 'Europe/Berlin']]);
    expect(config.gate.requireEnvironment).toEqual(['staging']);
  });

  it('rejects a freeze line it cannot read, naming the input and the line, before anything is read', () => {
    const error = failure({ environment: 'production', freezes: 'over christmas' });
    expect(error.input).toBe('freezes');
    expect(error.message).toContain('over christmas');
  });

  it('rejects requiring the environment being deployed to', () => {
    const error = failure({ environment: 'production', 'require-environment': 'staging, Production' });
    expect(error.input).toBe('require-environment');
  });

  it('rejects on-blocked values other than fail or skip', () => {
    expect(failure({ environment: 'production', 'on-blocked': 'ignore' }).input).toBe('on-blocked');
  });

  it('lets step: check run without an environment ("is it frozen now?")', () => {
    expect(read({ step: 'check' }).config.step).toBe('check');
  });

  it('warns when emergency labels are set but nobody may declare an emergency', () => {
    expect(read({ environment: 'production', 'emergency-labels': 'emergency' }).warnings.join()).toContain("'emergency-approvers' is empty");
  });
});

describe('report inputs', () => {
  it('reports on production over 30 days with bug and incident labels by default', () => {
    expect(read({ step: 'report' }).config).toMatchObject({ environment: 'production', report: { days: 30, period: '30d', defectLabels: ['bug'], incidentLabels: ['incident'] } });
  });

  it('reads periods in days and weeks', () => {
    expect(read({ step: 'report', period: '12w' }).config.report).toMatchObject({ days: 84, period: '12w' });
    expect(read({ step: 'report', period: '7d' }).config.report.days).toBe(7);
  });

  it('rejects periods it cannot read or that are longer than a year', () => {
    for (const period of ['1 month', '0d', '53w', '30']) expect(failure({ step: 'report', period }).input).toBe('period');
  });
});
