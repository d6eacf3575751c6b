/** The public contract: action.yml files, the code that reads their inputs, and the README. */
import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Inputs } from '../../src/core/inputs.js';
import { readDeployConfig } from '../../src/deploy/config.js';
import { readReleaseConfig } from '../../src/release/config.js';
// @ts-expect-error: a plain JavaScript build script without types
import { tables } from '../../scripts/docs.js';
import { testContext } from '../support/context.js';
import { readActionYml, type ActionName } from '../support/run-bundle.js';

const CONTRACT: Record<ActionName, { inputs: string[]; outputs: string[] }> = {
  deploy: {
    inputs: ['token', 'step', 'environment', 'ref', 'status', 'deployment-id', 'environment-url', 'log-url', 'description', 'task', 'payload', 'transient-environment', 'production-environment', 'auto-inactive', 'version', 'dry-run'],
    outputs: ['deployment-id', 'environment', 'environment-url', 'log-url', 'status']
  },
  release: {
    inputs: ['token', 'tag', 'target', 'name', 'previous-tag', 'notes', 'generate-notes', 'draft', 'prerelease', 'make-latest', 'approval-labels', 'approval-scope', 'approvers', 'min-approvals', 'allow-self-approval', 'allow-bots', 'block-labels', 'windows', 'freezes', 'timezone', 'emergency-labels', 'emergency-approvers', 'standard-change-authors', 'standard-change-paths', 'require-deployment', 'on-blocked', 'dry-run'],
    outputs: ['released', 'decision', 'reasons', 'release-id', 'release-url', 'tag', 'next-window', 'approvals', 'change-type']
  }
};

/** An input reader that records what the code asks for, with action.yml defaults filled in. */
function recordingInputs(action: ActionName, given: Record<string, string>) {
  const yml = readActionYml(action);
  const read = new Set<string>();
  const inputs = new Inputs((name) => {
    read.add(name);
    if (!(name in yml.inputs)) throw new Error(`${action} code reads input '${name}' that action.yml does not declare`);
    return given[name] ?? (yml.inputs[name]!.default === '${{ github.token }}' ? 'ghs_x' : (yml.inputs[name]!.default ?? ''));
  });
  return { inputs, read };
}

describe.each(['deploy', 'release'] as const)('%s-action metadata', (action) => {
  const yml = readActionYml(action) as ReturnType<typeof readActionYml> & { name: string; description: string; branding: unknown };

  it('keeps every input and output name of the contract', () => {
    for (const name of CONTRACT[action].inputs) expect(Object.keys(yml.inputs)).toContain(name);
    for (const name of CONTRACT[action].outputs) expect(Object.keys(yml.outputs)).toContain(name);
  });

  it('runs the committed bundle on node24, with branding and every input described', () => {
    expect(yml.runs.using).toBe('node24');
    expect(existsSync(path.resolve(`${action}-action`, yml.runs.main))).toBe(true);
    expect(yml.branding).toBeDefined();
    for (const [name, spec] of Object.entries(yml.inputs as Record<string, { description?: string; required?: boolean; default?: string }>)) {
      expect([name, (spec.description ?? '').length > 20]).toEqual([name, true]);
      expect([name, spec.required === true || spec.default !== undefined]).toEqual([name, true]);
    }
  });

  it('has its inputs and outputs tables in the README, as action.yml says them', () => {
    const readme = readFileSync('README.md', 'utf8');
    expect(readme).toContain(tables(action));
  });
});

describe('the code reads only declared inputs', () => {
  it('deploy-action', () => {
    const { inputs, read } = recordingInputs('deploy', { environment: 'staging' });
    readDeployConfig(inputs, testContext(), () => undefined);
    expect([...read].sort()).toEqual(expect.arrayContaining(['environment', 'status', 'step', 'token']));
  });

  it('release-action', () => {
    const { inputs, read } = recordingInputs('release', { tag: 'v1.0.0' });
    const config = readReleaseConfig(inputs, testContext(), () => undefined);
    expect(config.policy.approval.blockLabels).toEqual(['do-not-release']);
    expect(read.size).toBeGreaterThanOrEqual(CONTRACT.release.inputs.length);
  });
});
