import {
  buildSchema,
  concatAST,
  type DefinitionNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  Kind,
  type OperationDefinitionNode,
  parse,
  print,
  Source,
  stripIgnoredCharacters,
  validate,
  visit,
} from 'graphql';
import { type PersistedManifest, type PersistedOperation, sha256Hex } from './index';

export interface OperationSource {
  /** Where the text comes from, for error messages. */
  name: string;
  text: string;
}

/**
 * The manifest for a set of operation documents: each named operation, printed with exactly the
 * fragments it uses (graphql-js `print`, so whitespace and comments never change an id), hashed
 * with SHA-256; its body is that text through `stripIgnoredCharacters` (`print(parse(body))` gives
 * the text back, `printedText`). Fails on anything invalid against the schema, anonymous or duplicate operations,
 * and unused fragments. Used by scripts/persisted-operations.ts and by the test that the checked-in
 * manifest is current.
 */
export function buildPersistedManifest(sources: readonly OperationSource[], schemaSdl: string): PersistedManifest {
  const document = concatAST(sources.map((source) => parse(new Source(source.text, source.name))));
  const errors = validate(buildSchema(schemaSdl), document);
  if (errors.length > 0) {
    throw new Error(`Persisted operations do not fit the schema:\n${errors.map((error) => `- ${error.message}`).join('\n')}`);
  }
  const fragments = new Map<string, FragmentDefinitionNode>();
  const operations: OperationDefinitionNode[] = [];
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    else if (definition.kind === Kind.OPERATION_DEFINITION) operations.push(definition);
  }
  const names = new Set<string>();
  const entries: PersistedOperation[] = operations.map((operation) => {
    const name = operation.name?.value;
    if (!name) throw new Error('Every persisted operation needs a name');
    if (names.has(name)) throw new Error(`Two persisted operations are named ${name}`);
    names.add(name);
    const text = print({ kind: Kind.DOCUMENT, definitions: [operation, ...usedFragments(operation, fragments)] } satisfies DocumentNode);
    // The id is the hash of the printed text, which clients send (or hash) as it is; the body the
    // function carries and runs is the same document with what the lexer ignores stripped out.
    return { id: sha256Hex(text), name, type: operation.operation, body: stripIgnoredCharacters(text) };
  });
  return {
    format: 'apollo-persisted-query-manifest',
    version: 1,
    operations: entries.sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/** The fragments an operation spreads, directly or through other fragments, in the order first met. */
function usedFragments(root: DefinitionNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>): FragmentDefinitionNode[] {
  const used: FragmentDefinitionNode[] = [];
  const seen = new Set<string>();
  const walk = (node: DefinitionNode) =>
    visit(node, {
      FragmentSpread(spread) {
        const name = spread.name.value;
        if (seen.has(name)) return;
        seen.add(name);
        const fragment = fragments.get(name);
        if (!fragment) return;
        used.push(fragment);
        walk(fragment);
      },
    });
  walk(root);
  return used;
}

/** The text an operation's id is the hash of: what clients send as `query`, from the manifest's stripped body. */
export const printedText = (body: string): string => print(parse(body));
