import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '#graphql/hardening/limits';
import { ALL_CODES } from './support';

describe('docs/api-hardening.md', () => {
  const doc = readFileSync('docs/api-hardening.md', 'utf8');

  it('lists every code the API can return', () => {
    expect(ALL_CODES.filter((code) => !doc.includes(`\`${code}\``))).toEqual([]);
  });

  it('states the limits the code enforces', () => {
    const figure = (n: number) => n.toLocaleString('en-US');
    expect(doc).toContain(`| tokens | ${figure(LIMITS.maxTokens)} |`);
    expect(doc).toContain(`| depth | ${LIMITS.maxDepth} |`);
    expect(doc).toContain(`| cost | ${figure(LIMITS.maxCost)} |`);
    expect(doc).toContain(`| aliases | ${LIMITS.maxAliases} |`);
    expect(doc).toContain(`| directives | ${LIMITS.maxDirectives} |`);
    expect(doc).toContain(`| recursive selections | ${figure(LIMITS.maxRecursiveSelections)} |`);
    expect(doc).toContain(`| body size | ${LIMITS.maxBodyBytes / 1024} KiB |`);
    expect(doc).toContain(`| GET query string | ${LIMITS.maxQueryStringBytes / 1024} KiB |`);
    expect(doc).toContain(`| ${LIMITS.largestPageSize} at most |`);
  });
});
