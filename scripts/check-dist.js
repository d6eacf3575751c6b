// Fails when dist/ does not match what `npm run bundle` builds from src/.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const fresh = path.join(root, 'build', 'dist-check');
execFileSync(process.execPath, [path.join(root, 'scripts', 'bundle.js'), fresh], { stdio: 'ignore' });

const files = (dir) =>
  readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => statSync(path.join(dir, f)).isFile())
    .sort();
const committed = files(path.join(root, 'dist'));
const built = files(fresh);
const stale = [...new Set([...committed, ...built])].filter((f) => {
  try {
    return !readFileSync(path.join(root, 'dist', f)).equals(readFileSync(path.join(fresh, f)));
  } catch {
    return true;
  }
});
rmSync(fresh, { recursive: true, force: true });
if (stale.length) {
  console.error(`dist/ is stale: ${stale.join(', ')} differ from a fresh build. Run npm run bundle and commit dist/.`);
  process.exit(1);
}
console.log(`dist/ matches src/ (${committed.length} files)`);
