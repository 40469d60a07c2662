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

/**
 * The public route's limits (`/public/graphql`, and any request without a verified token): the
 * officers' limits, tighter where an anonymous caller needs less. Largest legitimate public
 * operations: the README's catalog step and the persisted `Procedure` (depth 4, one alias at most).
 */
export const PUBLIC_LIMITS: Limits = {
  ...LIMITS,
  maxDepth: 5,
  maxAliases: 5,
  /**
   * With lists charged by their real size (UNPAGED_LIST_SIZES): the persisted `Procedures` over a
   * 500-procedure catalog is about 23,700; one level of the agency tree about 1,500; a second
   * level of `children` (200 × 200 agencies) is over a million.
   */
  maxCost: 30_000,
};

/**
 * The most DynamoDB requests one anonymous request may send, whatever it asks (a request budget,
 * functions/store/request-budget.ts; the one past it is refused with REQUEST_BUDGET_EXCEEDED).
 * The public operations need far less: a status lookup 4–6, the catalog 1–2, one level of the
 * agency tree 2–3 (test/hardening/public-route.test.ts measures them).
 */
export const MAX_ANONYMOUS_DYNAMODB_REQUESTS = 30;

/**
 * What the public cost estimate charges a list without `first`/`last` for: the most items it can
 * really hold. GraphQL Armor multiplies only by literal page sizes, so `children` used to count
 * as one agency. `Agency.children`: the largest number of agencies under one in any province's
 * data is 169 (Hồ Chí Minh City after 01/07/2025; test/hardening/public-route.test.ts checks every
 * province of both unit lists), with room for agencies an administrator adds. `Query.agencies`
 * without `parentCode` is the province agency alone. `Query.procedures`: the whole catalog of the
 * province (the starter catalogs hold far fewer; a province publishing more should page it).
 */
export type ListSize = number | ((argumentNames: ReadonlySet<string>) => number);

export const UNPAGED_LIST_SIZES: Readonly<Record<string, ListSize>> = {
  'Agency.children': 200,
  'Query.agencies': (argumentNames) => (argumentNames.has('parentCode') ? 200 : 1),
  'Query.procedures': 500,
  'Query.ruleSets': 10,
};
