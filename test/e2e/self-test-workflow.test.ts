/**
 * The self-test workflow (.github/workflows/self-test.yml) runs both actions on a real runner; this
 * runs the same steps, with the same inputs, against the emulator, so the workflow is known to pass
 * before it reaches GitHub.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { startEmulator, type Emulator } from '../emulator/index.js';
import { runBundle, webhookPayload, type ActionName } from '../support/run-bundle.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const workflow = parse(readFileSync(path.join(root, '.github/workflows/self-test.yml'), 'utf8')) as {
  permissions: Record<string, string>;
  jobs: { actions: { steps: Array<{ uses?: string; id?: string; with?: Record<string, string | boolean> }> } };
};

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.close();
});

describe('self-test workflow', () => {
  it('passes with the permissions it declares, and writes nothing', async () => {
    const repo = emulator.state.createRepo('acme', 'tollgate');
    const sha = repo.commit({ message: 'Initial commit', branch: 'main' }).sha;
    emulator.state.addToken('ghs_self_test', 'github-actions[bot]', { ...workflow.permissions, metadata: 'read' });
    emulator.clearLog();
    const outputs: Record<string, Record<string, string>> = {};
    for (const step of workflow.jobs.actions.steps.filter((s) => s.uses?.startsWith('./'))) {
      const action = step.uses!.slice(2).replace(/-action$/, '') as ActionName;
      const inputs = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, String(v).replace('${{ github.sha }}', sha)]));
      const result = await runBundle(action, {
        apiUrl: emulator.apiUrl,
        graphqlUrl: emulator.graphqlUrl,
        token: 'ghs_self_test',
        repository: repo.fullName,
        sha,
        inputs,
        event: { name: 'push', payload: webhookPayload('push') }
      });
      expect({ step: step.id, exitCode: result.exitCode, errors: result.errors }).toEqual({ step: step.id, exitCode: 0, errors: [] });
      outputs[step.id!] = result.outputs;
    }
    // What the workflow's last step checks.
    expect(outputs['deploy']?.['status']).toBe('success');
    expect(outputs['release']?.['decision']).toBe('dry-run');
    expect(outputs['release']?.['tag']).toBe('v1.0.0');
    expect(emulator.log.filter((e) => e.method !== 'GET' && e.path !== '/graphql')).toEqual([]);
    emulator.assertNoViolations();
  });
});
