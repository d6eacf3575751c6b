/** Entry point of release-action (bundled to dist/release/index.js). */
import { context } from '@actions/github';
import { runAction } from '../core/action.js';
import type { ContextSource } from '../core/context.js';
import { releaseAction } from './action.js';

await runAction('Tollgate release', async (io) => {
  await releaseAction(io, context as unknown as ContextSource, process.env);
});
