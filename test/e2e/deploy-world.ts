/**
 * Shared set-up for deploy-action end-to-end files: one emulator per file, a fresh repository
 * with one commit per test, the token a deploy job has, and helpers to run the committed bundle.
 */
import { afterAll, afterEach, beforeAll, beforeEach } from '@jest/globals';
import { startEmulator, type Emulator } from '../emulator/index.js';
import type { Repo } from '../emulator/state.js';
import { runBundle, type RunOptions, type RunResult } from '../support/run-bundle.js';

export const TOKEN = 'ghs_deploytoken';

export interface DeployWorld {
  emulator: Emulator;
  repo: Repo;
  sha: string;
  deploy(inputs: Record<string, string>, extra?: Partial<RunOptions>): Promise<RunResult>;
  /** Requests that change something (GraphQL queries are reads). */
  writes(): Emulator['log'];
  states(id: number): string[] | undefined;
}

export function deployWorld(): DeployWorld {
  const world = {} as DeployWorld;
  let count = 0;
  beforeAll(async () => {
    world.emulator = await startEmulator();
  });
  afterAll(async () => {
    await world.emulator.close();
  });
  beforeEach(() => {
    world.repo = world.emulator.state.createRepo('acme', `site${++count}`);
    world.emulator.state.addToken(TOKEN, 'github-actions[bot]', { contents: 'read', deployments: 'write', metadata: 'read' });
    world.sha = world.repo.commit({ message: 'Add checkout page', branch: 'main' }).sha;
    world.emulator.clearLog();
  });
  afterEach(() => {
    world.emulator.faults.clear();
    world.emulator.assertNoViolations();
  });
  world.deploy = (inputs, extra = {}) =>
    runBundle('deploy', {
      apiUrl: world.emulator.apiUrl,
      graphqlUrl: world.emulator.graphqlUrl,
      token: TOKEN,
      repository: world.repo.fullName,
      sha: world.sha,
      inputs,
      ...extra
    });
  world.writes = () => world.emulator.log.filter((entry) => entry.method !== 'GET' && !(entry.method === 'POST' && entry.path.endsWith('/graphql')));
  world.states = (id) => world.repo.deployments.find((d) => d.id === id)?.statuses.map((s) => s.state);
  return world;
}
