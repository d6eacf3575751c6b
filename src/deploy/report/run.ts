/** `step: report`: gather the environment's history, compute the figures (pure), report them. */
import type { RunContext } from '../../core/context.js';
import type { GitHub } from '../../core/github/client.js';
import type { ActionIO } from '../../core/io.js';
import { gatherDeliveryFacts } from '../../github/delivery-facts.js';
import type { DeployConfig } from '../config.js';
import { computeReport } from './metrics.js';
import { metricsOutput, renderReportSummary } from './summary.js';

const DAY = 86_400_000;

export async function runReport(config: DeployConfig, gh: GitHub, context: RunContext, io: ActionIO, now: () => Date): Promise<void> {
  const environment = config.environment ?? 'production';
  const { days, period, defectLabels, incidentLabels } = config.report;
  const to = now();
  const policy = { defectLabels, incidentLabels };
  const facts = await gatherDeliveryFacts(gh, { owner: context.owner, repo: context.repo }, {
    environment,
    since: new Date(to.getTime() - 2 * days * DAY),
    commitSlackDays: Math.min(days, 30),
    labels: [...new Set([...defectLabels, ...incidentLabels])]
  });
  const report = computeReport(facts, to, days, policy);
  io.setOutput('metrics', JSON.stringify(metricsOutput(report, period)));
  io.setOutput('environment', environment);
  io.info(`Delivery report for ${environment} over ${period}: ${report.current.deployment_frequency.sample} successful deployments, ${report.current.commit_volume.value ?? 0} commits.`);
  await io.summary(renderReportSummary(report, facts, policy, `${context.serverUrl}/${context.owner}/${context.repo}`, period, config.gate.schedule.zone));
}
