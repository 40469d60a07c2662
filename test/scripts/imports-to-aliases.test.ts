import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalSpecifier, rewrite } from '../../scripts/imports-to-aliases';

const root = resolve(import.meta.dirname, '../..');
const at = (path: string) => join(root, path);

describe('imports-to-aliases', () => {
  it('turns an import that crosses into another folder of functions/ into its alias', () => {
    expect(canonicalSpecifier(at('functions/graphql/resolvers/agency.ts'), '../../domain/agencies')).toBe('#domain/agencies');
    expect(canonicalSpecifier(at('test/api/seed.test.ts'), '../../functions/store/clients')).toBe('#store/clients');
    expect(canonicalSpecifier(at('local/handlers.ts'), '../functions/graphql/handler')).toBe('#graphql/handler');
  });

  it('keeps relative imports inside one folder of functions/ and outside functions/', () => {
    expect(canonicalSpecifier(at('functions/domain/calendar/deadline.ts'), '../dossier')).toBeUndefined();
    expect(canonicalSpecifier(at('functions/graphql/resolvers/agency.ts'), '../context')).toBeUndefined();
    expect(canonicalSpecifier(at('test/api/seed.test.ts'), '../support/province-fixture')).toBeUndefined();
    expect(canonicalSpecifier(at('test/api/seed.test.ts'), '../../local/platform')).toBeUndefined();
  });

  it('turns an alias into the importing file’s own folder back into a relative path', () => {
    expect(canonicalSpecifier(at('functions/domain/calendar/deadline.ts'), '#domain/errors')).toBe('../errors');
    expect(canonicalSpecifier(at('functions/domain/dossier.ts'), '#domain/errors')).toBe('./errors');
    expect(canonicalSpecifier(at('functions/graphql/handler.ts'), '#domain/errors')).toBeUndefined();
  });

  it('rewrites every import form and is idempotent', () => {
    const file = at('test/e2e/example.test.ts');
    // Built from parts so that the codemod, run over this repository, leaves the fixture alone.
    const up = '../../functions';
    const source = [
      `import type { Dossier } from '${up}/domain/dossier';`,
      `export { keys } from '${up}/store/keys';`,
      `import '${up}/graphql/handler';`,
      `let relay: typeof import('${up}/relay/handler');`,
      `const { handler } = await import('${up}/graphql/handler');`,
      `vi.mock('${up}/store/clients');`,
      `const label = 'copied from ../../functions/domain/dossier';`,
    ].join('\n');
    const once = rewrite(file, source);
    expect(once.text.split('\n')).toEqual([
      "import type { Dossier } from '#domain/dossier';",
      "export { keys } from '#store/keys';",
      "import '#graphql/handler';",
      "let relay: typeof import('#relay/handler');",
      "const { handler } = await import('#graphql/handler');",
      "vi.mock('#store/clients');",
      "const label = 'copied from ../../functions/domain/dossier';",
    ]);
    expect(once.changes).toHaveLength(6);
    expect(rewrite(file, once.text)).toEqual({ text: once.text, changes: [] });
  });
});
