import { describe, expect, it } from '@jest/globals';
import { liveVerdict, type LiveDeployment } from '../../src/core/live.js';

const TARGET = 'aaaaaaa000000000000000000000000000000000';
const OLDER = 'bbbbbbb000000000000000000000000000000000';
const dep = (sha: string, id: number, state: string | null, minute: number): LiveDeployment => ({
  id,
  sha,
  createdAt: new Date(Date.UTC(2026, 10, 30, 12, minute)),
  state,
  environmentUrl: null,
  logUrl: null,
  creator: null
});

describe('liveVerdict: deployed means live now', () => {
  it('is live when the current deployment is the target or a descendant of it', () => {
    expect(liveVerdict('production', TARGET, dep(TARGET, 1, 'success', 0), true)).toMatchObject({ ok: true });
    expect(liveVerdict('production', TARGET, dep('c'.repeat(40), 2, 'success', 5), true)).toMatchObject({ ok: true, deployment: { id: 2 } });
  });

  it('a rollback to an older commit is not-deployed, naming the commit live now, whatever the target once said', () => {
    const verdict = liveVerdict('production', TARGET, dep(OLDER, 3, 'success', 10), false, null);
    expect(verdict).toMatchObject({ ok: false, code: 'not-deployed' });
    expect(verdict.ok ? '' : verdict.message).toContain('production runs bbbbbbb now (deployment 3), which does not contain aaaaaaa');
  });

  it('nothing live is not-deployed', () => {
    const verdict = liveVerdict('production', TARGET, null, false, null);
    expect(verdict).toMatchObject({ ok: false, code: 'not-deployed' });
    expect(verdict.ok ? '' : verdict.message).toContain('no deployment to production is live');
  });

  it("the target's own newer deployment that has not succeeded is deployment-not-successful", () => {
    const failed = liveVerdict('production', TARGET, dep(OLDER, 3, 'success', 0), false, dep(TARGET, 4, 'failure', 10));
    expect(failed).toMatchObject({ ok: false, code: 'deployment-not-successful', deployment: { id: 4 } });
    expect(failed.ok ? '' : failed.message).toContain('ended in `failure`');
    expect(liveVerdict('production', TARGET, null, false, dep(TARGET, 4, 'in_progress', 10))).toMatchObject({ code: 'deployment-not-successful' });
  });

  it("the target's own deployment older than the live one does not count", () => {
    expect(liveVerdict('production', TARGET, dep(OLDER, 3, 'success', 10), false, dep(TARGET, 2, 'failure', 0))).toMatchObject({ code: 'not-deployed' });
  });
});
