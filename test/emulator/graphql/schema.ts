/**
 * GitHub's published GraphQL schema (from @octokit/graphql-schema), built once
 * per process on first use and cached: it is over a megabyte of SDL.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema } from 'graphql';
import type { GraphQLSchema } from 'graphql';

let cached: GraphQLSchema | undefined;

function schemaPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'node_modules', '@octokit', 'graphql-schema', 'schema.graphql');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('Cannot find @octokit/graphql-schema/schema.graphql');
    dir = parent;
  }
}

export function githubSchema(): GraphQLSchema {
  cached ??= buildSchema(readFileSync(schemaPath(), 'utf8'), { assumeValidSDL: true });
  return cached;
}

export function isSchemaBuilt(): boolean {
  return cached !== undefined;
}
