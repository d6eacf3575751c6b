/** deploy-action from inputs to outputs and summary, with the runner and GitHub passed in. */
import { runContextFrom, type ContextSource } from '../core/context.js';
import { connect } from '../core/github/client.js';
import { Inputs } from '../core/inputs.js';
import { inGroup, type ActionIO } from '../core/io.js';
import { readDeployConfig } from './config.js';
import { runDeploy, type DeployOutcome } from './run.js';
import { renderDeploySummary } from './summary.js';

export async function deployAction(io: ActionIO, source: ContextSource, env: NodeJS.ProcessEnv): Promise<DeployOutcome> {
  const context = runContextFrom(source, env['GITHUB_REPOSITORY']);
  const config = readDeployConfig(new Inputs(io.input), context, io.warning);
  const gh = connect(context, config.token, 'deploy-action', io);
  try {
    const where = config.environment ? ` ${config.step === 'deactivate' ? 'of' : 'to'} ${config.environment}` : '';
    const outcome = await inGroup(io, `Deployment: ${config.step}${where}${config.dryRun ? ' (dry run)' : ''}`, () => runDeploy(config, { gh, context, log: io }));
    io.setOutput('deployment-id', outcome.deploymentId === null ? '' : String(outcome.deploymentId));
    io.setOutput('environment', outcome.environment);
    io.setOutput('environment-url', outcome.environmentUrl);
    io.setOutput('log-url', outcome.logUrl);
    io.setOutput('status', outcome.status);
    for (const line of outcome.writes) io.info(`${config.dryRun ? 'Dry run: would ' : ''}${line}`);
    await io.summary(renderDeploySummary(outcome, context, config.version ? { version: config.version } : {}));
    return outcome;
  } finally {
    gh.close();
  }
}
