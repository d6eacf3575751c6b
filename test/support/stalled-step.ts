/**
 * A step whose body never ends by itself (no request, just a stall), run as a child process by
 * test/unit/action-bound.test.ts to show that runAction stops it at its time limit.
 */
import { runAction } from '../../src/core/action.js';

await runAction('Tollgate stalled', async (io) => {
  if (io.deadline) io.deadline.activity = 'Waiting for an answer that never comes';
  await new Promise<void>(() => {
    setInterval(() => undefined, 1000);
  });
});
