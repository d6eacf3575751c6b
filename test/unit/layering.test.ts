/** Layering: the GitHub adapters and the shared core import no action logic. */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Dependency runs one way: entry points → action logic (src/deploy, src/release) → shared core
// (src/core) → GitHub adapters (src/github). An adapter or the core that imports action logic
// couples both actions to one action's code, and a change there silently changes the other.
const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Every module specifier a file imports or re-exports (static and dynamic). */
function specifiers(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*['"]([^'"]+)['"]/g)) if (m[1]) found.push(m[1]);
  return found;
}

const ACTION_LOGIC = ['release', 'deploy'].map((dir) => path.join(src, dir) + path.sep);

function actionImports(layer: string): string[] {
  return sourceFiles(path.join(src, layer)).flatMap((file) =>
    specifiers(readFileSync(file, 'utf8'))
      .filter((spec) => spec.startsWith('.'))
      .filter((spec) => ACTION_LOGIC.some((dir) => path.resolve(path.dirname(file), spec).startsWith(dir)))
      .map((spec) => `${path.relative(src, file)} imports ${spec}`)
  );
}

describe('layering: adapters and the core never import action logic', () => {
  it('finds the source files it checks', () => {
    expect(sourceFiles(path.join(src, 'github')).length).toBeGreaterThan(0);
    expect(sourceFiles(path.join(src, 'core')).length).toBeGreaterThan(0);
  });

  it('src/github imports nothing from src/release or src/deploy', () => {
    expect(actionImports('github')).toEqual([]);
  });

  it('src/core imports nothing from src/release or src/deploy', () => {
    expect(actionImports('core')).toEqual([]);
  });
});
