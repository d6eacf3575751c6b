/**
 * release-action end to end: every reason a release is blocked, as the user meets it. Whatever
 * the reason, nothing is released; `on-blocked: skip` succeeds with a warning, `fail` fails.
 */
import { describe, expect, it } from '@jest/globals';
import { APPROVER, AUTHOR, OUTSIDER, codes, freezeNow, windowLater, utcDay, windowOpenNow, ymd, useWorld, type ReleaseRun } from './release-world.js';

const world = useWorld();

interface Seeded {
  inputs?: Record<string, string>;
  /** The pull request at fault, if any. */
  pr?: number;
  /** The schedule the inputs were built from (built once: a test may straddle midnight). */
  window?: { rule: string; opens: Date };
  freeze?: { rule: string; ends: Date };
}

interface Story {
  /** Seeds the repository; returns the release-action inputs and what they were built from. */
  seed: () => Seeded | Promise<Seeded>;
  codes: string[];
  /** More checks of what the user sees. */
  check?: (run: ReleaseRun, seeded: Seeded) => void;
}

const STORIES: Record<string, Story> = {
  'missing-approval': {
    seed: () => {
      const pr = world.open('Refactor the payment client');
      world.merge(pr);
      return { pr: pr.number };
    },
    codes: ['missing-approval'],
    check: (run, { pr }) => {
      expect(run.reasons[0]?.message).toContain(`#${pr} 'Refactor the payment client' has 0 of 1 required approvals; label it \`release-approved\``);
      expect(run.summary).toContain(`| Refactor the payment client | ❌ not approved | — | 1 more approval (0 of 1) |`);
      expect(run.summary).toContain(`an approver (@${APPROVER}) other than the author @${AUTHOR} applies \`release-approved\` to [#${pr}]`);
    }
  },
  'approval-by-non-approver': {
    seed: () => {
      const pr = world.open('Add gift cards');
      world.label(pr, 'release-approved', OUTSIDER);
      world.merge(pr);
      return { pr: pr.number };
    },
    codes: ['approval-by-non-approver', 'missing-approval'],
    check: (run) => {
      expect(run.reasons[0]?.message).toContain(`was applied by @${OUTSIDER} at`);
      expect(run.reasons[0]?.message).toContain('who is not an approver (approvers: @alice)');
      expect(run.summary).toContain(`\`release-approved\` by @${OUTSIDER}: not an approver`);
    }
  },
  'self-approval': {
    seed: () => {
      const pr = world.open('Add gift cards');
      world.label(pr, 'release-approved', AUTHOR);
      world.merge(pr);
      return { inputs: { approvers: `${APPROVER}, ${AUTHOR}` }, pr: pr.number };
    },
    codes: ['self-approval', 'missing-approval'],
    check: (run) => {
      expect(run.reasons[0]?.message).toContain(`was applied by its author @${AUTHOR}`);
      expect(run.summary).toContain(`\`release-approved\` by @${AUTHOR}: the author cannot approve`);
    }
  },
  'bot-approval': {
    seed: () => {
      const pr = world.open('Add gift cards');
      world.label(pr, 'release-approved', 'release-bot[bot]');
      world.merge(pr);
      return { inputs: { approvers: `${APPROVER}, release-bot[bot]` }, pr: pr.number };
    },
    codes: ['bot-approval', 'missing-approval'],
    check: (run) => {
      expect(run.reasons[0]?.message).toContain('was applied by @release-bot[bot], a bot or app');
      expect(run.summary).toContain('`release-approved` by @release-bot[bot]: bots cannot approve');
    }
  },
  'stale-approval': {
    seed: () => {
      const pr = world.open('Add gift cards');
      world.label(pr, 'release-approved', APPROVER);
      world.repo.push(pr, { message: 'Sneak in one more change' });
      world.tick();
      world.merge(pr);
      return { pr: pr.number };
    },
    codes: ['stale-approval', 'missing-approval'],
    check: (run) => {
      expect(run.reasons[0]?.message).toMatch(/was applied by @alice at .* before the last push at /);
      expect(run.summary).toContain('`release-approved` by @alice: applied before the last push (');
    }
  },
  'stale-approval after a force push': {
    seed: () => {
      const pr = world.open('Add gift cards');
      world.label(pr, 'release-approved', APPROVER);
      world.repo.push(pr, { force: true });
      world.tick();
      world.merge(pr);
      return { pr: pr.number };
    },
    codes: ['stale-approval', 'missing-approval']
  },
  'blocked-label': {
    seed: () => {
      const pr = world.open('Add gift cards');
      world.label(pr, 'release-approved', APPROVER);
      world.label(pr, 'do-not-release', OUTSIDER);
      world.merge(pr);
      return { pr: pr.number };
    },
    codes: ['blocked-label'],
    check: (run, { pr }) => {
      expect(run.reasons[0]?.message).toContain('carries the block label `do-not-release`');
      expect(run.summary).toContain(`Not released: #${pr} carries a block label.`);
      expect(run.summary).toContain('⛔ blocked');
      expect(run.summary).toContain('remove block label `do-not-release`');
    }
  },
  'commit-without-pull-request': {
    seed: () => {
      world.approvedPr('Add gift cards');
      world.directPush('Hotfix straight to main');
      world.approvedPr('Add vouchers');
      return {};
    },
    codes: ['commit-without-pull-request'],
    check: (run) => {
      expect(run.reasons[0]?.pull_request).toBeUndefined();
      expect(run.reasons[0]?.message).toContain("'Hotfix straight to main' was pushed without a pull request");
      expect(run.summary).toContain('### Commits without a pull request');
      expect(run.summary).toContain('Not released: a commit did not come through an approved pull request.');
    }
  },
  'outside-window': {
    seed: () => {
      world.approvedPr('Add gift cards');
      const window = windowLater();
      return { inputs: { windows: window.rule }, window };
    },
    codes: ['outside-window'],
    check: (run, { window }) => {
      const { rule, opens } = window!;
      expect(run.outputs['next-window']).toBe(opens.toISOString());
      expect(run.reasons[0]?.message).toContain(`Now is outside every release window (\`${rule}\`)`);
      expect(run.summary).toContain(`❌ Outside every release window (\`${rule}\`)`);
      expect(run.summary).toContain(`it is outside the release windows until ${dayAndTime(opens)}`);
    }
  },
  freeze: {
    seed: () => {
      world.approvedPr('Add gift cards');
      const freeze = freezeNow();
      return { inputs: { freezes: freeze.rule }, freeze };
    },
    codes: ['freeze'],
    check: (run, { freeze }) => {
      const { rule, ends } = freeze!;
      expect(run.outputs['next-window']).toBe(ends.toISOString());
      expect(run.reasons[0]?.message).toBe(`Release freeze \`${rule}\` is in force until ${dayAndTime(ends)}. Wait until then, or declare an emergency.`);
      expect(run.summary).toContain(`Not released: the freeze \`${rule}\` is in force until ${dayAndTime(ends)}.`);
      expect(run.summary).toContain(`❄️ Freeze \`${rule}\` is in force until ${dayAndTime(ends)}.`);
    }
  },
  'freeze over an open window': {
    seed: () => {
      world.approvedPr('Add gift cards');
      const freeze = freezeNow();
      return { inputs: { freezes: freeze.rule, windows: windowOpenNow() }, freeze };
    },
    codes: ['freeze'],
    check: (run, { freeze }) => {
      // The window covers yesterday, today and tomorrow only: the freeze outlasts it.
      const { rule, ends } = freeze!;
      const next = new Date(run.outputs['next-window'] ?? '');
      expect(next.getTime()).toBeGreaterThan(ends.getTime());
      expect(run.reasons[0]?.message).toBe(
        `Release freeze \`${rule}\` is in force until ${dayAndTime(ends)}; releases are next allowed at ${dayAndTime(next)}. Wait until then, or declare an emergency.`
      );
      expect(run.summary).toContain(`✅ Release window`);
    }
  },
  'not-deployed': {
    seed: () => {
      world.approvedPr('Add gift cards');
      // Production still runs the previous release.
      world.deploy('success', { ref: world.repo.tags.get('v1.0.0')!.commit });
      return { inputs: { 'require-deployment': 'production' } };
    },
    codes: ['not-deployed'],
    check: (run) => {
      const live = world.repo.tags.get('v1.0.0')!.commit.slice(0, 7);
      expect(run.reasons[0]?.message).toContain(`${world.target.slice(0, 7)} is not deployed to production: production runs ${live} now`);
      expect(run.summary).toContain('| production | ❌ not deployed |');
    }
  },
  'not-deployed (rolled back to an older commit)': {
    seed: async () => {
      // Deployed, then rolled back to the previous release: the target is no longer live.
      world.approvedPr('Add gift cards');
      await world.deployWithBundle(world.target);
      await world.deployWithBundle(world.repo.tags.get('v1.0.0')!.commit);
      return { inputs: { 'require-deployment': 'production' } };
    },
    codes: ['not-deployed'],
    check: (run) => {
      const live = world.repo.tags.get('v1.0.0')!.commit.slice(0, 7);
      expect(run.reasons[0]?.message).toContain(`production runs ${live} now`);
      expect(run.summary).toContain('| production | ❌ not deployed |');
    }
  },
  'deployment-not-successful (failed)': {
    seed: () => {
      world.approvedPr('Add gift cards');
      world.deploy('failure');
      return { inputs: { 'require-deployment': 'production' } };
    },
    codes: ['deployment-not-successful'],
    check: (run) => {
      expect(run.reasons[0]?.message).toContain('ended in `failure`, not `success`');
      expect(run.summary).toContain('| production | ❌ `failure` |');
    }
  }
};

/** How the summary and messages show an instant in UTC: `Fri 2026-11-27 00:00 UTC`. */
function dayAndTime(date: Date): string {
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][date.getUTCDay()];
  return `${day} ${date.toISOString().slice(0, 10)} ${date.toISOString().slice(11, 16)} UTC`;
}

describe.each(Object.entries(STORIES))('%s', (_name, story) => {
  it.each(['skip', 'fail'])('blocks the release, on-blocked: %s', async (onBlocked) => {
    const seeded = await story.seed();
    const { inputs = {}, pr } = seeded;
    const releasesBefore = world.repo.releases.length;

    const run = await world.release({ ...inputs, 'on-blocked': onBlocked });

    expect(run.outputs).toMatchObject({ released: 'false', decision: 'blocked', 'release-id': '', 'release-url': '' });
    expect(codes(run)).toEqual(story.codes);
    if (pr !== undefined) expect(run.reasons.every((r) => r.pull_request === pr)).toBe(true);
    expect(run.summary).toContain('## ⛔ Release of `v1.1.0` blocked');
    for (const reason of run.reasons) expect(run.summary).toContain(`[${reason.code}] ${reason.message}`);
    story.check?.(run, seeded);

    const announced = `Release v1.1.0 is blocked:\n${run.reasons.map((r) => `- ${r.message}`).join('\n')}`;
    if (onBlocked === 'skip') {
      expect(run.exitCode).toBe(0);
      expect(run.warnings).toEqual([announced]);
      expect(run.errors).toEqual([]);
    } else {
      expect(run.exitCode).toBe(1);
      expect(run.errors).toEqual([announced]);
    }

    expect(world.repo.releases).toHaveLength(releasesBefore);
    expect(world.repo.tags.has('v1.1.0')).toBe(false);
    expect(world.releaseWrites()).toEqual([]);
  });
});

describe('time zones', () => {
  it('evaluates a freeze in the timezone input and tells its end in that zone', async () => {
    world.approvedPr('Add gift cards');
    const now = new Date();
    const { rule, ends } = freezeNow(now);
    // Whole days in Berlin end at Berlin's midnight: an hour or two before UTC's.
    const berlinEnd = [1, 2].map((h) => new Date(ends.getTime() - h * 3_600_000)).find((d) => berlinHour(d) === 0)!;

    const run = await world.release({ freezes: rule, timezone: 'Europe/Berlin' });

    expect(codes(run)).toEqual(['freeze']);
    expect(run.outputs['next-window']).toBe(berlinEnd.toISOString());
    expect(run.reasons[0]?.message).toMatch(new RegExp(`is in force until [A-Z][a-z]{2} ${ymd(utcDay(2, now))} 00:00 CES?T\\.`));
    expect(run.summary).toContain('times in Europe/Berlin');
    expect(world.releaseWrites()).toEqual([]);
  });
});

describe('schedule mistakes fail the step before anything is read, saying what to write instead', () => {
  it('refuses an abbreviation as the time zone and names the IANA zone to use', async () => {
    world.approvedPr('Add gift cards');
    const run = await world.release({ windows: 'Mon-Fri 09:00-17:00', timezone: 'EST' });
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toContain(`Input 'timezone' has the value "EST"`);
    expect(run.errors[0]).toContain('Use the IANA zone America/New_York');
    expect(world.gh.log).toEqual([]);
  });

  it('points at the line and the mistake, one accepted form per line', async () => {
    world.approvedPr('Add gift cards');
    const run = await world.release({ windows: 'Mon-Thu 09:00-16:00\nFri 9-12', timezone: 'Europe/Berlin' });
    expect(run.exitCode).toBe(1);
    const lines = run.errors[0]!.split('\n');
    expect(lines[0]).toBe(`Input 'windows', line 2 ("Fri 9-12"): times are hh:mm: 9-12 needs to be 09:00-12:00`);
    expect(lines[1]).toBe('Accepted forms, one rule per line (blank lines and lines starting with # are ignored):');
    expect(lines.at(-1)).toBe("Fix line 2 of 'windows'. Nothing was written to GitHub.");
    expect(lines.length).toBeGreaterThan(5);
    expect(run.summary).toContain(`> Input 'windows', line 2 ("Fri 9-12"): times are hh:mm: 9-12 needs to be 09:00-12:00`);
    expect(world.gh.log).toEqual([]);
  });
});

function berlinHour(date: Date): number {
  return Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', hourCycle: 'h23' }).format(date));
}
