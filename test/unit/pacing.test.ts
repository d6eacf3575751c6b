/** Pacing a run of writes as GitHub asks: at least one second between mutative requests. */
import { describe, expect, it } from '@jest/globals';
import { WRITE_GAP_MS, WritePacer, writeGapFrom } from '../../src/core/github/pacing.js';

describe('write pacer', () => {
  it('starts at once, then leaves the gap between the end of one write and the start of the next', async () => {
    let now = 0;
    const slept: number[] = [];
    const starts: number[] = [];
    const pacer = new WritePacer(WRITE_GAP_MS, () => now, async (ms) => {
      slept.push(ms);
      now += ms;
    });
    for (let i = 0; i < 3; i++) {
      await pacer.write(async () => {
        starts.push(now);
        now += 250; // the request itself
      });
    }
    expect(slept).toEqual([1000, 1000]);
    expect(starts).toEqual([0, 1250, 2500]);
  });

  it('does not wait when the gap has already passed, and counts a failed write too', async () => {
    let now = 0;
    const slept: number[] = [];
    const pacer = new WritePacer(1000, () => now, async (ms) => {
      slept.push(ms);
      now += ms;
    });
    await expect(pacer.write(async () => Promise.reject(new Error('422')))).rejects.toThrow('422');
    expect(pacer.waitMs()).toBe(1000);
    now += 1500;
    await pacer.write(async () => undefined);
    expect(slept).toEqual([]);
  });

  it('takes a shorter gap from TOLLGATE_TEST_WRITE_GAP_MS (tests only), never a longer one', () => {
    expect(writeGapFrom({})).toBe(1000);
    expect(writeGapFrom({ TOLLGATE_TEST_WRITE_GAP_MS: '0' })).toBe(0);
    expect(writeGapFrom({ TOLLGATE_TEST_WRITE_GAP_MS: '60000' })).toBe(1000);
    expect(writeGapFrom({ TOLLGATE_TEST_WRITE_GAP_MS: 'fast' })).toBe(1000);
  });
});
