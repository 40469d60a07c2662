/**
 * The edge's limits, the same in every stage (a query that passes locally passes in production).
 * Each leaves room (about 5× or more) above the largest legitimate operation the repository sends:
 * its tests, the README's examples, the persisted operations, the benchmark, and the local
 * explorer's introspection query. docs/api-hardening.md gives the measured figures.
 */
export const LIMITS = {
  /** Bytes of an HTTP body (after base64 decoding). Largest legitimate body measured: under 2 KB. */
  maxBodyBytes: 64 * 1024,
  /** Bytes of a GET request's query string. */
  maxQueryStringBytes: 8 * 1024,
  /** Lexical tokens of the operation document, counted before it is parsed. Largest legitimate: 183. */
  maxTokens: 1_000,
  /** Nested field levels, fragments flattened, a scalar leaf counting as a level. Largest legitimate: 5. */
  maxDepth: 8,
  /**
   * GraphQL Armor's estimate: object 2, scalar 1, ×1.5 per level, × a literal `first`/`last`
   * (capped at `largestPageSize`). Largest legitimate: 1,900.
   */
  maxCost: 10_000,
  /**
   * The largest page any list field serves (`Dossier.readLog(last:)`, 500). A bigger literal page
   * size is refused by the resolver (BAD_INPUT) before anything is read, so the cost estimate
   * counts it as this.
   */
  largestPageSize: 500,
  /** Aliased fields in one operation. Largest legitimate: 1. */
  maxAliases: 15,
  /** Directives (`@include`, `@skip`, …) in one operation. Largest legitimate: 0. */
  maxDirectives: 10,
  /** Selections once every fragment spread is expanded (Apollo's guard against fragment bombs). */
  maxRecursiveSelections: 1_000,
} as const;

export type Limits = { readonly [K in keyof typeof LIMITS]: number };
