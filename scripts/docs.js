// Writes the inputs and outputs tables of both actions into README.md, from their action.yml,
// between the <!-- tables:ACTION --> markers.   node scripts/docs.js
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';

const cell = (text) => String(text ?? '').replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();

export function tables(action) {
  const yml = parse(readFileSync(`${action}-action/action.yml`, 'utf8'));
  const inputs = Object.entries(yml.inputs).map(
    ([name, spec]) => `| \`${name}\` | ${spec.required ? '**required**' : spec.default === '' || spec.default === undefined ? '' : `\`${cell(spec.default)}\``} | ${cell(spec.description)} |`
  );
  const outputs = Object.entries(yml.outputs).map(([name, spec]) => `| \`${name}\` | ${cell(spec.description)} |`);
  return [
    '| input | default | meaning |',
    '|---|---|---|',
    ...inputs,
    '',
    '| output | meaning |',
    '|---|---|',
    ...outputs
  ].join('\n');
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  let readme = readFileSync('README.md', 'utf8');
  for (const action of ['deploy', 'release']) {
    const pattern = new RegExp(`(<!-- tables:${action} -->)[\\s\\S]*?(<!-- /tables:${action} -->)`);
    if (!pattern.test(readme)) throw new Error(`README.md lacks the <!-- tables:${action} --> markers`);
    readme = readme.replace(pattern, `$1\n${tables(action)}\n$2`);
  }
  writeFileSync('README.md', readme);
  console.log('README.md tables updated');
}
