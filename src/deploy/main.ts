/** Entry point of deploy-action (bundled to dist/deploy/index.js). */
import { context } from '@actions/github';
import { runAction } from '../core/action.js';
import type { ContextSource } from '../core/context.js';
import { deployAction } from './action.js';

await runAction('Tollgate deploy', async (io) => {
  await deployAction(io, context as unknown as ContextSource, process.env);
});
