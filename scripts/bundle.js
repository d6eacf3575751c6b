// Writes the action bundles GitHub runs: dist/<action>/index.js.
// Same sources, same bytes: no timestamps, no hashed names.
//   node scripts/bundle.js [outdir]   (default dist)
import { build } from 'esbuild';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.resolve(root, process.argv[2] ?? 'dist');

const entries = { deploy: 'src/deploy/main.ts', release: 'src/release/main.ts' };

const shim = {
  name: 'tollgate-shims',
  setup(b) {
    const target = path.join(root, 'scripts/shims/http-client.js');
    b.onResolve({ filter: /^(@actions\/http-client(\/.*)?|undici)$/ }, () => ({ path: target }));
  }
};

rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
const sizes = {};
for (const [name, entry] of Object.entries(entries)) {
  if (!existsSync(path.join(root, entry))) continue;
  const outfile = path.join(outdir, name, 'index.js');
  await build({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: true,
    legalComments: 'linked',
    charset: 'utf8',
    sourcemap: false,
    logLevel: 'warning',
    plugins: [shim],
    banner: { js: "import { createRequire as __tollgateRequire } from 'node:module'; const require = __tollgateRequire(import.meta.url);" }
  });
  sizes[name] = (await import('node:fs')).statSync(outfile).size;
}
writeFileSync(path.join(outdir, 'README.md'), '# dist\n\nBundles GitHub runs, built by `npm run bundle` from `src/`. Do not edit: rebuild and commit.\n');
console.log(Object.entries(sizes).map(([n, s]) => `${outdir === path.join(root, 'dist') ? 'dist' : outdir}/${n}/index.js ${s} bytes`).join('\n'));
