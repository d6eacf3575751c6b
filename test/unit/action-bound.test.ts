/** The step's outside stop: a body that never ends is stopped at its time limit, saying why. */
import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

describe('runAction', () => {
  it('stops a step that does not end by itself at its time limit, with the reason in the log and the job summary', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tollgate-bound-'));
    const summary = path.join(dir, 'summary');
    writeFileSync(summary, '');
    const child = spawn(path.resolve('node_modules/.bin/tsx'), [path.resolve('test/support/stalled-step.ts')], {
      env: { PATH: process.env['PATH'] ?? '', 'INPUT_TIMEOUT-MINUTES': '0.02', GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: path.join(dir, 'output') }
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const written = readFileSync(summary, 'utf8');
    rmSync(dir, { recursive: true, force: true });

    expect(code).toBe(1);
    const reason = 'Stopped while waiting for an answer that never comes: the step reached its time limit of 1.2 s (timeout-minutes: 0.02).';
    expect(stdout).toContain(`::error title=Tollgate stalled failed::${reason}`);
    expect(written).toContain('### Tollgate stalled failed');
    expect(written).toContain(reason);
  });
});
